"""Deaths of persons in the registry, their burial and graves, official enquiries into suspicious deaths and the
handing over of remains (GC III Arts. 120–121, 122; GC I Art. 16)."""
