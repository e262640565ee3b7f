MATCH (s:State)
RETURN count(s) AS states
