"""One manifest through the stages, in order: discover, source, schema, facts, evaluate, waivers, baseline, cache, pipeline."""
