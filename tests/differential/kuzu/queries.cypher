// Queries run on entente and on Kùzu over the same generated graph (run.sh: 2,000 entities,
// 10,000 relations, seed 20240619) and compared by differential.js.
//
// Entries are separated by blank lines; `//` lines before the query are its comment, the first
// one its title. Directives: `// @kuzu: TEXT` is what Kùzu runs instead, where the engines differ
// by design (the comment says how); `// @param NAME=VALUE` passes a parameter to both;
// `// @unordered-lists` compares list values as multisets (neither engine can sort a list).
// Rows are compared as multisets unless the last RETURN has ORDER BY, which must then be a
// total order. Aliases never reuse a variable's name (Kùzu's ORDER BY would see the variable)
// nor a word Kùzu reserves (`starts`, `ends`, `count`, ...).
//
// Left out because the engines differ by design:
// - label tests in WHERE (`WHERE a:State`): Kùzu's parser has no such expression;
// - `type(r)` and `labels(n)`: Kùzu spells them label(r) and label(n), and entente's labels
//   include the kind's ancestors (Actor) — one case below maps type(r) to label(r);
// - `(a:State:Person)`: Kùzu reads it as either label, openCypher as both;
// - `collect` over nothing but nulls: Kùzu returns null, openCypher an empty list;
// - relationship isomorphism: Kùzu does not enforce it for fixed-length patterns, and its
//   variable-length patterns are walks unless written `* TRAIL`; the cases where this matters
//   carry an @kuzu spelling that states the isomorphism explicitly;
// - relation types with no relation in the graph: Kùzu has no rel table for them;
// - list comprehensions and chained comparisons (`1 < x < 3`): Kùzu's parser has neither;
// - `log(x)`: Kùzu's is base 10, openCypher's the natural logarithm (Kùzu's `ln`); the cases
//   use log10, which both read alike;
// - percentileDisc, percentileCont, stDev, stDevP: Kùzu has none of them;
// - dates: Kùzu holds `since` as text here, so its spellings parse it (`date(r.since)`) and
//   name its own functions (`date_part`, DATE minus DATE in days, DATE plus days).
//
// Symmetric types (allied_with, trades_with, cooperates_with, meets_with in the default
// vocabulary) read both ways in entente whatever the arrow, as `entente path` reads them; Kùzu
// follows the arrow. Where a directed pattern may meet one, the @kuzu spelling asks Kùzu the
// same question: the undirected pattern for a typed step, and for an untyped one every relation
// as stored plus the symmetric ones read backwards (an UNWIND over one or two orientations).

// one hop: how many supply relations there are
MATCH (a)-[r:supplies]->(b)
RETURN count(*) AS n

// one hop with both endpoint labels, returning relation properties
MATCH (a:State)-[r:supplies]->(b:Organization)
RETURN a.id AS src, b.id AS dst, r.evidence AS ev, r.since AS since

// one hop against the stored direction: hosts is stored from the host to the guest
MATCH (p:Person)<-[r:hosts]-(s:State)
RETURN p.id AS guest, s.name AS host, r.evidence AS ev

// one hop, undirected: each alliance between two states comes back once from each end
MATCH (a:State)-[r:allied_with]-(b:State)
RETURN a.id AS x, b.id AS y, r.since AS since

// one hop without a type: every relation between two states
// @kuzu: MATCH (x:State)-[r]->(y:State) UNWIND (CASE WHEN label(r) IN ['allied_with', 'trades_with', 'cooperates_with', 'meets_with'] THEN [[x.id, y.id], [y.id, x.id]] ELSE [[x.id, y.id]] END) AS p RETURN p[1] AS src, p[2] AS dst, r.evidence AS ev, r.since AS since
MATCH (a:State)-[r]->(b:State)
RETURN a.id AS src, b.id AS dst, r.evidence AS ev, r.since AS since

// type alternatives
MATCH (a:State)-[r:sanctions|threatens]->(b)
RETURN a.id AS src, b.id AS dst, r.evidence AS ev

// three type alternatives, undirected, between organisations and states
MATCH (o:Organization)-[r:supports|praises|aids]-(s:State)
RETURN o.id AS org, s.id AS state, r.since AS since

// type alternatives against the stored direction, counted per target
MATCH (o:Organization)<-[r:member_of|sanctions]-(a)
RETURN o.id AS org, count(*) AS n

// two hops: leaders of bodies that sanction a state
MATCH (p:Person)-[:leads]->(b)-[:sanctions]->(s:State)
RETURN p.id AS leader, b.id AS body, s.id AS target

// two hops meeting in the middle: a person and a state in the same organisation
MATCH (p:Person)-[:member_of]->(o:Organization)<-[:member_of]-(s:State)
RETURN p.id AS person, o.id AS org, s.id AS state

// two hops of one type, directed: a relation cannot repeat without a self-loop, so both engines agree
MATCH (a:State)-[:supplies]->(b)-[:supplies]->(c:State)
RETURN a.id AS first, b.id AS middle, c.id AS last

// three hops: officials of states party to agreements that people signed
MATCH (p:Person)-[:holds_office]->(s:State)-[:party_to]->(g:Agreement)<-[:signed]-(q:Person)
RETURN p.id AS official, s.id AS state, g.id AS agreement, q.id AS signer

// three hops over mixed types, counted
MATCH (a:Person)-[:supports]->(b:Organization)-[:aids]->(c)-[:condemns]->(d:State)
RETURN count(*) AS walks, count(DISTINCT a.id) AS origins, count(DISTINCT d.id) AS targets

// a variable that comes back closes a cycle: pairs that support each other
MATCH (a)-[:supports]->(b)-[:supports]->(a)
RETURN a.id AS x, b.id AS y

// a cycle of three, over a symmetric type (no self-loops, so no relation can repeat)
// @kuzu: MATCH (a)-[:trades_with]-(b)-[:trades_with]-(c)-[:trades_with]-(a) RETURN a.id AS x, b.id AS y, c.id AS z
MATCH (a)-[:trades_with]->(b)-[:trades_with]->(c)-[:trades_with]->(a)
RETURN a.id AS x, b.id AS y, c.id AS z

// a variable at both ends of one path, through two relation types
MATCH (a)-[:supports]->(b)<-[:praises]-(a)
RETURN a.id AS x, b.id AS y

// the same, written as two patterns of one MATCH
MATCH (a)-[:supports]->(b), (a)-[:praises]->(b)
RETURN a.id AS x, b.id AS y

// isomorphism: a three-hop chain of one type never uses a relation twice (a->b->a->b may not
// reuse the first relation as the third); Kùzu must be told so
// @kuzu: MATCH (a:State)-[r1:supplies]->(b)-[r2:supplies]->(c)-[r3:supplies]->(d) WHERE r1 <> r3 RETURN a.id AS src, count(*) AS chains
MATCH (a:State)-[r1:supplies]->(b)-[r2:supplies]->(c)-[r3:supplies]->(d)
RETURN a.id AS src, count(*) AS chains

// isomorphism: an undirected two-hop pattern does not go back over the same relation
// @kuzu: MATCH (a:State)-[r1:allied_with]-(b)-[r2:allied_with]-(c) WHERE r1 <> r2 RETURN a.id AS x, b.id AS y, c.id AS z
MATCH (a:State)-[r1:allied_with]-(b)-[r2:allied_with]-(c)
RETURN a.id AS x, b.id AS y, c.id AS z

// isomorphism across the comma-separated parts of one MATCH
// @kuzu: MATCH (a:State)-[r1:sanctions]->(b), (a)-[r2:sanctions]->(c) WHERE r1 <> r2 RETURN a.id AS src, count(*) AS pairs
MATCH (a:State)-[r1:sanctions]->(b), (a)-[r2:sanctions]->(c)
RETURN a.id AS src, count(*) AS pairs

// isomorphism written out: comparing relations with <> means the same in both engines
MATCH (a:Person)-[r1:meets_with]-(b:Person)-[r2:meets_with]-(c:Person)
WHERE r1 <> r2
RETURN count(*) AS n, count(DISTINCT a.id) AS origins

// separate MATCH clauses may reuse a relation, in openCypher and in Kùzu alike
MATCH (a:State)-[r1:sanctions]->(b)
MATCH (a)-[r2:sanctions]->(c)
RETURN a.id AS src, count(*) AS pairs

// variable length *1..2, directed: no walk of two can repeat a relation without a self-loop
MATCH (a:State)-[:supplies*1..2]->(b:State)
RETURN a.id AS src, b.id AS dst

// variable length *2, exactly two hops
MATCH (p:Person)-[:member_of*2]->(o:Organization)
RETURN p.id AS person, o.id AS org

// variable length *..3 over types whose kinds allow no cycle (Person -> body -> Agreement)
MATCH (p:Person)-[:holds_office|party_to|signed*..3]->(g:Agreement)
RETURN p.id AS person, count(*) AS routes

// variable length *1..3 where cycles exist: openCypher never repeats a relation, Kùzu only
// with TRAIL
// with TRAIL; allied_with is symmetric, so Kùzu's spelling is undirected
// @kuzu: MATCH (a:State)-[:allied_with* TRAIL 1..3]-(b) RETURN a.id AS src, b.kind AS reached, count(*) AS n
MATCH (a:State)-[:allied_with*1..3]->(b)
RETURN a.id AS src, b.kind AS reached, count(*) AS n

// variable length, undirected *1..2: going back over the same relation is not a match
// @kuzu: MATCH (a:State)-[:allied_with* TRAIL 1..2]-(b:State) RETURN a.id AS x, b.id AS y
MATCH (a:State)-[:allied_with*1..2]-(b:State)
RETURN a.id AS x, b.id AS y

// variable length closing a cycle, exactly two hops (no self-loops, so walks are trails)
MATCH (a:State)-[:supports*2]->(a)
RETURN a.id AS x, count(*) AS n

// variable length from zero hops: *0..1 includes the start itself
// @kuzu: MATCH (s:State)-[:allied_with*0..1]-(b) RETURN s.id AS src, b.id AS dst
MATCH (s:State)-[:allied_with*0..1]->(b)
RETURN s.id AS src, b.id AS dst

// variable length, undirected *..3 (Kùzu needs TRAIL)
// @kuzu: MATCH (a:State)-[:allied_with* TRAIL ..3]-(b:State) RETURN a.id AS x, count(*) AS n
MATCH (a:State)-[:allied_with*..3]-(b:State)
RETURN a.id AS x, count(*) AS n

// variable length against the stored direction
MATCH (o:Organization)<-[:member_of*1..2]-(s:State)
RETURN o.id AS org, count(*) AS n

// a named variable-length path and its length
MATCH p = (a:State)-[:supplies*1..2]->(b:Organization)
RETURN length(p) AS hops, count(*) AS n
ORDER BY hops

// labels list every entity of a kind with its properties
MATCH (s:State)
RETURN s.id AS id, s.name AS name, s.kind AS kind

// property maps on a node and on a relation
MATCH (g {kind: 'Agreement'})<-[r:signed {evidence: 'alleged'}]-(p:Person)
RETURN g.id AS agreement, p.id AS signer, r.since AS since

// a property map with a name: everything the busiest state does
// @kuzu: MATCH (x)-[r]->(y) UNWIND (CASE WHEN label(r) IN ['allied_with', 'trades_with', 'cooperates_with', 'meets_with'] THEN [[label(x), x.name, y.id], [label(y), y.name, x.id]] ELSE [[label(x), x.name, y.id]] END) AS p WITH p, r WHERE p[1] = 'State' AND p[2] = 'Union of Roulzand' RETURN p[3] AS dst, r.evidence AS ev, r.since AS since
MATCH (s:State {name: 'Union of Roulzand'})-[r]->(b)
RETURN b.id AS dst, r.evidence AS ev, r.since AS since

// a property map that refers to an earlier variable
// @kuzu: MATCH (x:State) WITH x ORDER BY x.id LIMIT 10 MATCH (u)-[r]->(v) UNWIND (CASE WHEN label(r) IN ['allied_with', 'trades_with', 'cooperates_with', 'meets_with'] THEN [[u.name, v.id], [v.name, u.id]] ELSE [[u.name, v.id]] END) AS p WITH x, p, r WHERE p[1] = x.name RETURN x.id AS sid, p[2] AS target, r.evidence AS ev
MATCH (x:State)
WITH x ORDER BY x.id LIMIT 10
MATCH (y {name: x.name})-[r]->(z)
RETURN x.id AS sid, z.id AS target, r.evidence AS ev

// WHERE with comparisons on date strings
MATCH (a)-[r:supports]->(b:State)
WHERE r.since >= '2015-01-01' AND r.since < '2023-07-01'
RETURN a.id AS src, b.id AS dst, r.since AS since

// WHERE with OR and NOT
MATCH (a:Organization)-[r:aids]->(b)
WHERE NOT r.evidence = 'confirmed' OR r.since < '1995'
RETURN a.id AS src, b.id AS dst, r.evidence AS ev, r.since AS since

// WHERE with XOR
// @kuzu: MATCH (a:State)-[r:trades_with]-(b) WHERE (r.evidence = 'confirmed') XOR (r.since >= '2010') RETURN a.id AS src, b.id AS dst, r.evidence AS ev, r.since AS since
MATCH (a:State)-[r:trades_with]->(b)
WHERE (r.evidence = 'confirmed') XOR (r.since >= '2010')
RETURN a.id AS src, b.id AS dst, r.evidence AS ev, r.since AS since

// WHERE with IN lists on a relation and a node property
MATCH (a:Person)-[r:supports]->(b)
WHERE r.evidence IN ['reported', 'alleged'] AND b.kind IN ['State', 'Organization']
RETURN a.id AS src, b.id AS dst, r.evidence AS ev

// STARTS WITH
MATCH (s:State)
WHERE s.name STARTS WITH 'Republic of'
RETURN s.id AS id, s.name AS name

// ENDS WITH
MATCH (p:Person)-[:member_of]->(o:Organization)
WHERE o.name ENDS WITH ' Bank'
RETURN p.id AS person, o.name AS bank

// CONTAINS
MATCH (a)-[:seeks]->(i:Item)
WHERE i.name CONTAINS 'drones'
RETURN a.id AS seeker, i.name AS item

// toLower and toUpper
MATCH (s:State)
WHERE toLower(s.name) CONTAINS 'kingdom'
RETURN toUpper(s.name) AS shout, s.id AS id

// IS NULL after OPTIONAL MATCH: organisations nobody leads
MATCH (o:Organization)
OPTIONAL MATCH (p:Person)-[:leads]->(o)
WITH o, p
WHERE p IS NULL
RETURN count(*) AS unled

// IS NOT NULL after OPTIONAL MATCH
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:visits]-(p:Person)
WITH s, r
WHERE r.evidence IS NOT NULL
RETURN s.id AS state, count(*) AS visits

// NULL logic: comparisons with a missing relation give null, not false
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN s.id AS state, p.id AS leader, r.since > '2010' AS recent

// OPTIONAL MATCH with a WHERE that filters the optional part only
MATCH (s:State)
OPTIONAL MATCH (s)-[r:party_to]->(g:Agreement)
WHERE r.evidence = 'alleged'
RETURN s.id AS state, g.id AS agreement

// OPTIONAL MATCH counted: count(x) skips the nulls
MATCH (s:State)
OPTIONAL MATCH (p:Person)-[:visits]->(s)
RETURN s.id AS state, count(p) AS visitors

// null IN a list is null, and NOT of null is null
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN s.id AS state, r.evidence IN ['confirmed'] AS sure, NOT r.evidence IN ['alleged'] AS doubtful

// three-valued AND, OR, XOR and NOT
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN s.id AS state, (r.since > '2000') OR true AS t1, (r.since > '2000') AND false AS f1,
       (r.since > '2000') XOR true AS x1, NOT (r.since > '2000') AS n1

// `= null` is never true; IS NULL is the test
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
WITH s, r
WHERE r.since IS NULL OR r.since = null
RETURN s.id AS state

// OPTIONAL MATCH over two hops: one null row when the whole chain is missing
MATCH (s:State)
OPTIONAL MATCH (s)-[:member_of]->(o:Organization)-[:sanctions]->(t:State)
RETURN s.id AS state, o.id AS org, t.id AS target

// coalesce over the nulls of an OPTIONAL MATCH
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN s.id AS state, coalesce(p.name, 'nobody') AS leader

// aggregates skip nulls; count(*) does not
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN s.id AS state, min(r.since) AS first, max(p.name) AS last, count(r) AS n, count(*) AS all_rows

// DISTINCT keeps one null
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN DISTINCT r.evidence AS ev

// aggregates count, min and max per group
MATCH (a:State)-[r:sanctions]->(b)
RETURN a.id AS src, count(*) AS n, min(r.since) AS first, max(r.since) AS last

// aggregates sum and avg over counts from a WITH
MATCH (a)-[:opposes]->(b:State)
WITH b, count(*) AS opponents
RETURN sum(opponents) AS total, avg(opponents) AS mean, min(opponents) AS least, max(opponents) AS most

// sum and avg over string sizes
MATCH (a:State)-[:supplies]->(b)
RETURN a.id AS src, sum(size(b.name)) AS letters, avg(size(b.name)) AS mean

// collect, compared as multisets
// @unordered-lists
MATCH (p:Person)-[:visits]->(s:State)
WHERE p.id < 'E0000400'
RETURN p.id AS person, collect(s.id) AS states

// collect DISTINCT, compared as multisets
// @unordered-lists
// @kuzu: MATCH (a:State)-[r:cooperates_with]-(b) RETURN a.id AS src, collect(DISTINCT r.evidence) AS levels
MATCH (a:State)-[r:cooperates_with]->(b)
RETURN a.id AS src, collect(DISTINCT r.evidence) AS levels

// size of a collected list
MATCH (a:Organization)-[:supports]->(b)
RETURN a.id AS src, size(collect(b.id)) AS n

// count(DISTINCT) beside count(*)
MATCH (a)-[:supports]->(b)
RETURN count(DISTINCT a.id) AS sources, count(DISTINCT b.id) AS targets, count(*) AS n

// grouping by two keys, ordered
MATCH (a)-[r:supports]->(b)
RETURN a.kind AS from_kind, b.kind AS to_kind, count(*) AS n
ORDER BY from_kind, to_kind

// ORDER BY an aggregate descending, ties broken by the key
MATCH ()-[r:condemns]->()
RETURN r.evidence AS ev, count(*) AS n
ORDER BY n DESC, ev

// top ten by in-degree with LIMIT
// @kuzu: MATCH (x)-[r]->(y) UNWIND (CASE WHEN label(r) IN ['allied_with', 'trades_with', 'cooperates_with', 'meets_with'] THEN [[label(y), y.id], [label(x), x.id]] ELSE [[label(y), y.id]] END) AS p WITH p WHERE p[1] = 'State' RETURN p[2] AS target, count(*) AS n ORDER BY n DESC, target ASC LIMIT 10
MATCH (a)-[r]->(b:State)
RETURN b.id AS target, count(*) AS n
ORDER BY n DESC, target ASC
LIMIT 10

// SKIP and LIMIT on a total order
MATCH (p:Person)
RETURN p.id AS id, p.name AS name
ORDER BY id
SKIP 100 LIMIT 20

// ORDER BY a string descending
MATCH (s:State)
RETURN s.name AS name, s.id AS id
ORDER BY name DESC, id

// ORDER BY an average
MATCH (a:State)-[r]->(b:Person)
WITH a, avg(size(b.name)) AS mean, count(*) AS n
RETURN a.id AS src, mean, n
ORDER BY mean DESC, src

// nulls sort last ascending
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN s.id AS state, p.id AS leader
ORDER BY leader, state

// nulls sort first descending
MATCH (s:State)
OPTIONAL MATCH (s)<-[r:leads]-(p:Person)
RETURN s.id AS state, p.id AS leader
ORDER BY leader DESC, state

// ORDER BY an expression that is not returned
MATCH (s:State)
RETURN s.id AS id
ORDER BY s.name, s.id

// DISTINCT with ORDER BY and LIMIT
MATCH (a)-[r:sanctions]->(b:State)
RETURN DISTINCT b.id AS target
ORDER BY target DESC
LIMIT 7

// RETURN DISTINCT
MATCH (p:Person)-[:visits]->(s:State)
RETURN DISTINCT s.id AS state

// RETURN DISTINCT over two columns
MATCH (a)-[r:party_to]->(g)
RETURN DISTINCT a.kind AS kind, r.evidence AS ev

// a WITH pipeline with WHERE after WITH
MATCH (a)-[:supports]->(b)
WITH b, count(*) AS backers
WHERE backers >= 10
MATCH (b)-[:supports]->(c)
RETURN b.id AS hub, backers, count(*) AS supported

// WITH DISTINCT, then another MATCH
MATCH (a:State)-[:sanctions]->(b)
WITH DISTINCT b
MATCH (b)-[:member_of]->(o)
RETURN b.id AS sanctioned, o.id AS org

// WITH and ORDER BY with LIMIT, then more matching
MATCH (a)-[:supports]->(b)
WITH b, count(*) AS backers
ORDER BY backers DESC, b.id
LIMIT 5
MATCH (b)-[r:opposes]->(c)
RETURN b.id AS hub, backers, c.id AS opposed, r.evidence AS ev

// parallel relations between the same pair
MATCH (a)-[r:supports]->(b)
WITH a, b, count(r) AS k
WHERE k > 1
RETURN a.id AS src, b.id AS dst, k

// a string parameter
// @param level=alleged
MATCH (a:State)-[r:supplies]->(b)
WHERE r.evidence = $level
RETURN a.id AS src, b.id AS dst

// a number parameter
// @param least=5
MATCH (a)-[:opposes]->(b)
WITH b, count(*) AS n
WHERE n >= $least
RETURN b.id AS target, n

// type(r), spelled label(r) in Kùzu
// @kuzu: MATCH (a:State)-[r]->(b:State) UNWIND (CASE WHEN label(r) IN ['allied_with', 'trades_with', 'cooperates_with', 'meets_with'] THEN [1, 2] ELSE [1] END) AS k RETURN label(r) AS t, count(*) AS n ORDER BY t
MATCH (a:State)-[r]->(b:State)
RETURN type(r) AS t, count(*) AS n
ORDER BY t

// arithmetic on aggregates
MATCH (a:State)-[r:aids]->(b)
RETURN a.id AS src, count(*) * 2 + 1 AS odd, count(*) - count(DISTINCT b.id) AS repeats

// integer division and modulo
MATCH (a:State)-[r:aids]->(b)
RETURN a.id AS src, count(*) / 2 AS half, count(*) % 3 AS rest

// float arithmetic
MATCH (a:State)-[r:supplies]->(b)
RETURN a.id AS src, count(*) * 1.5 AS weighted, avg(size(b.name)) / 2 AS half_mean

// string concatenation
// @kuzu: MATCH (a:State)-[r:allied_with]-(b:State) RETURN a.name + ' / ' + b.name AS pair
MATCH (a:State)-[r:allied_with]->(b:State)
RETURN a.name + ' / ' + b.name AS pair

// comparing strings of two nodes
// @kuzu: MATCH (a:Person)-[:meets_with]-(b:Person) WHERE a.name < b.name AND a.id > b.id RETURN a.id AS x, b.id AS y
MATCH (a:Person)-[:meets_with]->(b:Person)
WHERE a.name < b.name AND a.id > b.id
RETURN a.id AS x, b.id AS y

// node inequality
MATCH (a:State)-[:supplies]->(b)<-[:supplies]-(c:State)
WHERE a <> c
RETURN a.id AS x, c.id AS z, count(*) AS n

// aggregating in WITH, then again in RETURN
MATCH (a)-[:condemns]->(b)
WITH a.kind AS k, b, count(*) AS n
RETURN k, count(b) AS targets, max(n) AS most, sum(n) AS total

// a parameter inside a property map
// @param who="Union of Roulzand"
MATCH (s:State {name: $who})<-[r:sanctions]-(x)
RETURN x.id AS sanctioner, r.since AS since

// quantifiers over each state's supply evidence: all, any, none and single
MATCH (a:State)-[r:supplies]->(b)
WITH a, collect(r.evidence) AS evs
RETURN a.id AS src, all(e IN evs WHERE e <> "denied") AS every, any(e IN evs WHERE e = "confirmed") AS some, none(e IN evs WHERE e = "speculated") AS no_spec, single(e IN evs WHERE e = "alleged") AS one

// a quantifier in WHERE, over a list built from the row
MATCH (a:State)-[r:supports]->(b:State)
WHERE any(x IN [a.name, b.name] WHERE x CONTAINS " of ")
RETURN a.id AS x, b.id AS y

// UNION: who sanctions or supports a state, each once
MATCH (a)-[:sanctions]->(b:State)
RETURN a.id AS who
UNION
MATCH (a)-[:supports]->(b:State)
RETURN a.id AS who

// UNION ALL keeps every row of both parts
MATCH (a:Organization)-[:sanctions]->(b)
RETURN b.id AS target, "sanctions" AS how
UNION ALL
MATCH (a:Organization)-[:supports]->(b)
RETURN b.id AS target, "supports" AS how

// mathematical functions over counts
MATCH (a:State)-[:supplies]->(b)
WITH a, count(*) AS n
RETURN a.id AS src, sqrt(n) AS root, log10(n) AS digits, sin(n * 1.0) AS s, atan2(n * 1.0, 2.0) AS angle, degrees(radians(n * 1.0)) AS same

// EXISTS: a state that supplies a state which itself supplies something
MATCH (a:State)
WHERE EXISTS { MATCH (a)-[:supplies]->(b:State)-[:supplies]->() }
RETURN a.id AS src

// NOT EXISTS whose condition reads the outer relation and the inner one
MATCH (a:State)-[r:supplies]->(b:State)
WHERE NOT EXISTS { MATCH (b)-[s:supplies]->(c) WHERE s.evidence = r.evidence }
RETURN a.id AS src, b.id AS dst

// EXISTS over a variable-length pattern, from the bound variable
MATCH (a:State)
WHERE EXISTS { MATCH (a)-[:supplies*2..3]->(c:Organization) }
RETURN count(*) AS n

// EXISTS in RETURN, as a boolean
MATCH (a:State)<-[:sanctions]-(x)
RETURN x.id AS sanctioner, EXISTS { MATCH (x)-[:supplies]->(a) } AS also_supplies

// pattern predicates in WHERE (Kùzu writes them as EXISTS)
// @kuzu: MATCH (a:State)-[:supplies]->(b:State) WHERE EXISTS { MATCH (b)-[:supplies]->(:State) } AND NOT EXISTS { MATCH (a)<-[:sanctions]-(:State) } RETURN a.id AS x, b.id AS y
MATCH (a:State)-[:supplies]->(b:State)
WHERE (b)-[:supplies]->(:State) AND NOT (a)<-[:sanctions]-(:State)
RETURN a.id AS x, b.id AS y

// the size of a pattern comprehension (Kùzu counts with COUNT { })
// @kuzu: MATCH (a:State) RETURN a.id AS state, COUNT { MATCH (a)-[:supplies]->(:State) } AS n ORDER BY n DESC, state LIMIT 10
MATCH (a:State)
RETURN a.id AS state, size([(a)-[:supplies]->(:State) | 1]) AS n ORDER BY n DESC, state LIMIT 10

// dates: relations that began on or after a day (Kùzu holds since as text, so it parses it)
// @kuzu: MATCH (a:State)-[r:sanctions]->(b) WHERE date(r.since) >= date('2015-01-01') RETURN a.id AS src, b.id AS dst, r.since AS since
MATCH (a:State)-[r:sanctions]->(b)
WHERE r.since >= date("2015-01-01")
RETURN a.id AS src, b.id AS dst, r.since AS since

// dates: components, and a date plus a duration of days
// @kuzu: MATCH (a:State)-[r:supplies]->(b:State) RETURN a.id AS src, b.id AS dst, date_part('year', date(r.since)) AS y, date_part('month', date(r.since)) AS m, CAST(date(r.since) + 30 AS STRING) AS later
MATCH (a:State)-[r:supplies]->(b:State)
RETURN a.id AS src, b.id AS dst, r.since.year AS y, r.since.month AS m, toString(r.since + duration({days: 30})) AS later

// dates: how many relations of a type began each year, latest first
// @kuzu: MATCH ()-[r:condemns]->() RETURN date_part('year', date(r.since)) AS y, count(*) AS n ORDER BY y DESC
MATCH ()-[r:condemns]->()
RETURN r.since.year AS y, count(*) AS n ORDER BY y DESC

// dates: days between two dates
// @kuzu: MATCH (a:State)-[r:supplies]->(b:State) RETURN a.id AS src, b.id AS dst, date(r.since) - date('2000-01-01') AS days
MATCH (a:State)-[r:supplies]->(b:State)
RETURN a.id AS src, b.id AS dst, duration.inDays(date("2000-01-01"), r.since).days AS days
