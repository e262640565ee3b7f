// A file outside every stage's folder.
