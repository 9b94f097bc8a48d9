"""What Connecticut law says, interpreted from data: taxonomy classes, pack applicability and the CTDPA scope."""
