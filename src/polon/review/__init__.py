"""Review of what was read from sources: accepting an extracted item writes it to the registry, consular
contacts or exchange rounds through their services. A domain module without models of its own (its
decisions are kept in sources.ReviewDecision), above every app it writes to."""
