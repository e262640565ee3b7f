// Write-then-read sequences run on entente and on Kùzu by write_sequences.js, each from a fresh
// copy of the generated graph (run_writes.sh: 300 entities, 1,500 relations, seed 20240619; the
// ids below are entities of that graph: E0000037 and E0000053 are states, E0000026 a party,
// E0000038 a busy foundation).
//
// `// ==== TITLE` opens a sequence; each block after it with query text is a step, run on both
// engines in order. A step with CREATE, MERGE, SET, REMOVE or DELETE is a write (entente runs it
// with --write, saving the graph), the others are reads. Every step's rows are compared, a
// write's included, as multisets unless the last RETURN has ORDER BY (then a total order), and
// after each write entente's summary of changes must match how Kùzu's counts of nodes and
// relationships moved.
//
// Sequence directives: `@skip: REASON` (a recorded disagreement: the sequence runs, its
// difference is printed, and it fails the test only once the engines agree), `@format: json|kga|tsv`
// (entente's graph file; sequences otherwise take the three in turn).
// Step directives, as in queries.cypher: `@kuzu: TEXT`, `@param NAME=JSON`, `@unordered-lists`;
// and `@fails` (a write both engines must refuse, changing nothing), `@empty-ok` (a read whose
// empty or all-zero result is the point).
//
// How the queries are written so that one text means the same on both (README.md lists the
// differences by design):
// - a new entity gets its `kind` (= its label, which Kùzu stores as a column) and a `name`;
//   a new relation gets its `evidence` (entente's default is reported, Kùzu's null);
// - the endpoints of a new relation are labelled (Kùzu needs one table at each end);
// - Kùzu has no `SET n += map` and no REMOVE: its spelling sets each key, or sets it to null;
// - a relation type is `type(r)` in entente and `label(r)` in Kùzu; a directed pattern reads the
//   symmetric types both ways in entente, so relations are counted with `count(DISTINCT r)`;
// - only properties some entity or relation holds are read (entente names the others unknown).
//
// The extra columns Kùzu's tables get, for the properties the sequences set:
// @node-columns: score INT64, rank INT64, note STRING, flag BOOLEAN, ratio DOUBLE
// @rel-columns: note STRING, until STRING, checked BOOLEAN

// ==== CREATE entities of three kinds, counted per kind

// one clause, three entities, one with an extra property each
CREATE (a:State {id: 'NEW-S1', kind: 'State', name: 'Republic of Newland'}),
       (b:Organization {id: 'NEW-O1', kind: 'Organization', name: 'Newland Council', score: 3}),
       (c:Person {id: 'NEW-P1', kind: 'Person', name: 'Ada Newman', note: 'founder'})

// entities per kind
MATCH (x) RETURN x.kind AS k, count(*) AS total

// the states, in order
MATCH (s:State) RETURN s.id AS sid, s.name AS sname ORDER BY sid

// what was created, with the properties each has or lacks
MATCH (x) WHERE x.id STARTS WITH 'NEW-'
RETURN x.id AS xid, x.kind AS k, x.name AS xname, x.score AS score, x.note AS note ORDER BY xid

// ==== CREATE relations between entities a MATCH binds

// a new sanction between two states, returning what it holds
MATCH (a:State {id: 'E0000037'}), (b:State {id: 'E0000053'})
CREATE (a)-[r:sanctions {evidence: 'confirmed', since: '2024-03'}]->(b)
RETURN r.evidence AS ev, r.since AS since

// two relations from one person to one party in one clause
MATCH (p:Person {id: 'E0000001'}), (o:Organization {id: 'E0000026'})
CREATE (p)-[:leads {evidence: 'alleged', since: '2021'}]->(o), (p)-[:member_of {evidence: 'reported'}]->(o)

// relations per type
// @kuzu: MATCH ()-[r]->() RETURN label(r) AS t, count(DISTINCT r) AS total
MATCH ()-[r]->() RETURN type(r) AS t, count(DISTINCT r) AS total

// sanctions between states
MATCH (a:State)-[r:sanctions]->(b:State)
RETURN a.id AS src, b.id AS dst, r.evidence AS ev, r.since AS since ORDER BY src, dst, since

// what the person now leads or belongs to
// @kuzu: MATCH (p:Person {id: 'E0000001'})-[r:leads|member_of]->(o) RETURN label(r) AS t, o.id AS oid, r.evidence AS ev, r.since AS since
MATCH (p:Person {id: 'E0000001'})-[r:leads|member_of]->(o)
RETURN type(r) AS t, o.id AS oid, r.evidence AS ev, r.since AS since

// ==== UNWIND a list parameter into CREATE: entities, then relations

// three people from a list of maps
// @param people=[{"id": "NP-1", "name": "Ines Pardo", "score": 4}, {"id": "NP-2", "name": "Jon Okafor", "score": 7}, {"id": "NP-3", "name": "Kai Lund", "score": 1}]
UNWIND $people AS row
CREATE (p:Person {id: row.id, kind: 'Person', name: row.name, score: row.score})

// their memberships, from a list of pairs
// @param links=[{"src": "NP-1", "dst": "E0000026", "ev": "confirmed", "since": "2019-05"}, {"src": "NP-2", "dst": "E0000026", "ev": "alleged", "since": "2020"}, {"src": "NP-2", "dst": "E0000038", "ev": "reported", "since": "2021-02-03"}, {"src": "NP-3", "dst": "E0000038", "ev": "confirmed", "since": "1999"}]
UNWIND $links AS l
MATCH (p:Person {id: l.src}), (o:Organization {id: l.dst})
CREATE (p)-[:member_of {evidence: l.ev, since: l.since}]->(o)

// the new memberships
MATCH (p:Person)-[r:member_of]->(o:Organization) WHERE p.id STARTS WITH 'NP-'
RETURN p.id AS pid, o.id AS oid, r.evidence AS ev, r.since AS since ORDER BY pid, oid

// the party's members and their scores
// @unordered-lists
MATCH (o:Organization {id: 'E0000026'})<-[:member_of]-(m)
RETURN count(*) AS members, sum(m.score) AS total_score, collect(m.id) AS ids

// people per kind
MATCH (x:Person) RETURN count(*) AS people

// ==== MERGE entities: found ones get ON MATCH SET, made ones ON CREATE SET

// two states exist, two do not
// @param ids=["E0000037", "E0000053", "NEW-S2", "NEW-S3"]
UNWIND $ids AS i
MERGE (s:State {id: i})
  ON CREATE SET s.kind = 'State', s.name = 'State ' + i, s.score = 1
  ON MATCH SET s.score = 100

// every state with its score
MATCH (s:State) RETURN s.id AS sid, s.name AS sname, s.score AS score ORDER BY sid

// the same MERGE again finds all four
// @param ids=["E0000037", "E0000053", "NEW-S2", "NEW-S3"]
UNWIND $ids AS i
MERGE (s:State {id: i})
  ON CREATE SET s.kind = 'State', s.name = 'again ' + i
  ON MATCH SET s.score = coalesce(s.score, 0) + 1
RETURN s.id AS sid, s.score AS score ORDER BY sid

// counted
MATCH (s:State) RETURN count(*) AS states, sum(s.score) AS total

// ==== MERGE relations between bound entities: found (every match) or made

// supplies from the foundation: two pairs have relations (one of them two), one has none
// @param pairs=[{"src": "E0000038", "dst": "E0000122"}, {"src": "E0000038", "dst": "E0000224"}, {"src": "E0000038", "dst": "E0000006"}]
UNWIND $pairs AS p
MATCH (a:Organization {id: p.src}), (b:Organization {id: p.dst})
MERGE (a)-[r:supplies]->(b)
  ON CREATE SET r.evidence = 'alleged', r.note = 'new'
  ON MATCH SET r.note = 'seen'
RETURN b.id AS dst, r.evidence AS ev, r.note AS note

// the foundation's supplies to organisations
MATCH (a:Organization {id: 'E0000038'})-[r:supplies]->(b:Organization)
RETURN b.id AS dst, r.evidence AS ev, r.since AS since, r.note AS note

// a relation pattern with a property matches only relations that have it
MATCH (a:Organization {id: 'E0000038'}), (b:Organization {id: 'E0000006'})
MERGE (a)-[r:supplies {evidence: 'confirmed'}]->(b)
  ON CREATE SET r.note = 'second'
RETURN r.evidence AS ev, r.note AS note

// both relations to the organisation that had none
MATCH (a:Organization {id: 'E0000038'})-[r:supplies]->(b:Organization {id: 'E0000006'})
RETURN r.evidence AS ev, r.note AS note ORDER BY ev

// ==== MERGE row by row: a later row finds what an earlier row made, with its ON CREATE SET
// @skip: Kùzu: the third row's MERGE finds the 'NEW-T' the second made but its ON MATCH SET reads score as null, not the 1 of that row's ON CREATE SET (Kùzu 10; entente, Neo4j and openCypher's row-by-row MERGE 11)

// the third row matches the entity the second made
// @param ids=["E0000037", "NEW-T", "NEW-T"]
UNWIND $ids AS i
MERGE (s:State {id: i})
  ON CREATE SET s.kind = 'State', s.name = i, s.score = 1
  ON MATCH SET s.score = coalesce(s.score, 0) + 10

// the scores
MATCH (s:State) WHERE s.score IS NOT NULL RETURN s.id AS sid, s.score AS score ORDER BY sid

// ==== SET properties computed from the graph, then from each other

// each organisation's member count
MATCH (o:Organization)<-[:member_of]-(m)
WITH o, count(m) AS members
SET o.score = members

// scored organisations, most members first
MATCH (o:Organization) WHERE o.score IS NOT NULL
RETURN o.id AS oid, o.score AS score ORDER BY score DESC, oid

// how many have no member
MATCH (o:Organization) WHERE o.score IS NULL RETURN count(*) AS unscored

// a flag and a ratio from the score
MATCH (o:Organization) WHERE o.score >= 3
SET o.flag = true, o.ratio = o.score / 2.0

// what the second write set
MATCH (o:Organization) WHERE o.flag
RETURN o.id AS oid, o.score AS score, o.ratio AS ratio ORDER BY oid

// ==== SET += with a map, and SET to null

// a literal map
// @kuzu: MATCH (s:State {id: 'E0000061'}) SET s.score = 9, s.note = 'updated'
MATCH (s:State {id: 'E0000061'}) SET s += {score: 9, note: 'updated'}

// a map parameter on two states
// @param changes={"note": "pair", "rank": 2, "score": 5}
// @kuzu: MATCH (s:State) WHERE s.id IN ['E0000061', 'E0000158'] SET s.note = $changes.note, s.rank = $changes.rank, s.score = $changes.score
MATCH (s:State) WHERE s.id IN ['E0000061', 'E0000158'] SET s += $changes

// null in the map removes the key (E0000158 keeps its score: entente knows only the property
// names something holds)
// @kuzu: MATCH (s:State {id: 'E0000061'}) SET s.score = NULL, s.note = 'cleared'
MATCH (s:State {id: 'E0000061'}) SET s += {score: null, note: 'cleared'}

// and so does SET to null
MATCH (s:State {id: 'E0000158'}) SET s.rank = null

// the states' properties
MATCH (s:State) RETURN s.id AS sid, s.score AS score, s.note AS note, s.rank AS rnk ORDER BY sid

// ==== REMOVE a property (Kùzu sets it to null)

// leaders get a note and a rank
MATCH (p:Person)-[:leads]->(o)
SET p.note = 'leader', p.rank = 1

// those who have led since before 2010 lose the rank
// @kuzu: MATCH (p:Person)-[r:leads]->(o) WHERE r.since < '2010' SET p.rank = NULL
MATCH (p:Person)-[r:leads]->(o) WHERE r.since < '2010' REMOVE p.rank

// the leaders
MATCH (p:Person) WHERE p.note = 'leader'
RETURN p.id AS pid, p.rank AS rnk ORDER BY pid

// counted
MATCH (p:Person) WHERE p.rank IS NOT NULL RETURN count(*) AS ranked

// ==== SET relation properties: evidence, dates and free properties

// alleged sanctions are upgraded
MATCH (a)-[r:sanctions]->(b) WHERE r.evidence = 'alleged'
SET r.evidence = 'confirmed', r.note = 'upgraded'

// sanctions per evidence
MATCH ()-[r:sanctions]->() RETURN r.evidence AS ev, count(*) AS total

// the upgraded ones
MATCH (a)-[r:sanctions]->(b) WHERE r.note = 'upgraded'
RETURN a.id AS src, b.id AS dst, r.since AS since ORDER BY src, dst, since

// old supplies end in 1999 and are checked
MATCH ()-[r:supplies]->() WHERE r.since < '1995'
SET r.until = '1999-12-31', r.checked = true

// the checked supplies
MATCH (a)-[r:supplies]->(b) WHERE r.checked
RETURN a.id AS src, b.id AS dst, r.since AS since, r.until AS until ORDER BY src, dst, since

// ==== DELETE relations

// supplies from states that began before 2000
MATCH (a:State)-[r:supplies]->(b) WHERE r.since < '2000' DELETE r

// the supplies from states left
MATCH (a:State)-[r:supplies]->(b)
RETURN a.id AS src, b.id AS dst, r.since AS since ORDER BY src, dst, since

// every visit to one state, counted as it goes
MATCH (p:Person)-[r:visits]->(s:State {id: 'E0000037'}) DELETE r RETURN count(*) AS gone

// visits per state
MATCH (p:Person)-[r:visits]->(s:State) RETURN s.id AS sid, count(*) AS visits ORDER BY sid

// relations per type
// @kuzu: MATCH ()-[r]->() RETURN label(r) AS t, count(DISTINCT r) AS total
MATCH ()-[r]->() RETURN type(r) AS t, count(DISTINCT r) AS total

// ==== DELETE of an entity with relations needs DETACH

// refused by both, and nothing changes
// @fails
MATCH (s:State {id: 'E0000037'}) DELETE s

// the state is still there with its relations
MATCH (s:State {id: 'E0000037'})-[r]-(x) RETURN count(DISTINCT r) AS rels, count(DISTINCT x) AS neighbours

// DETACH DELETE takes them with it
MATCH (s:State {id: 'E0000037'}) DETACH DELETE s

// entities per kind
MATCH (x) RETURN x.kind AS k, count(*) AS total

// nothing points at it any more
// @empty-ok
MATCH (x)-[r]-(y) WHERE y.id = 'E0000037' RETURN count(*) AS left_over

// relations per type
// @kuzu: MATCH ()-[r]->() RETURN label(r) AS t, count(DISTINCT r) AS total
MATCH ()-[r]->() RETURN type(r) AS t, count(DISTINCT r) AS total

// ==== DETACH DELETE entities chosen by a condition

// every lot of drones
MATCH (i:Item) WHERE i.name STARTS WITH 'drones' DETACH DELETE i

// items per first word of the name (Kùzu spells split string_split and counts list
// positions from 1)
// @kuzu: MATCH (i:Item) RETURN string_split(i.name, ' ')[1] AS what, count(*) AS lots
MATCH (i:Item) RETURN split(i.name, ' ')[0] AS what, count(*) AS lots

// what the seekers still seek
MATCH (x)-[r:seeks]->(i:Item) RETURN i.id AS iid, count(*) AS seekers ORDER BY iid

// people without any relation
MATCH (p:Person) OPTIONAL MATCH (p)-[r]-()
WITH p, count(r) AS degree WHERE degree = 0
DETACH DELETE p

// people left
MATCH (p:Person) RETURN count(*) AS people

// ==== DELETE a person's relations and the person in one clause

// Kùzu deletes no undirected relation, nor an entity in the clause that deletes its relations:
// E0000098 has outgoing relations only, so Kùzu's spelling deletes the same ones, then it
// @kuzu: MATCH (p:Person {id: 'E0000098'})-[r]->() DELETE r WITH DISTINCT p DELETE p
MATCH (p:Person {id: 'E0000098'})-[r]-() DELETE r, p

// gone
// @empty-ok
MATCH (p:Person {id: 'E0000098'}) RETURN count(*) AS found

// relations per type
// @kuzu: MATCH ()-[r]->() RETURN label(r) AS t, count(DISTINCT r) AS total
MATCH ()-[r]->() RETURN type(r) AS t, count(DISTINCT r) AS total

// ==== A refused write changes nothing; the same write without the clash holds

// the second id is taken: neither entity is made
// @fails
UNWIND ['NEW-X', 'E0000053'] AS i
CREATE (s:State {id: i, kind: 'State', name: i})

// the states are as they were
MATCH (s:State) RETURN s.id AS sid ORDER BY sid

// without the clash
UNWIND ['NEW-X', 'NEW-Y'] AS i
CREATE (s:State {id: i, kind: 'State', name: i})

// the states now
MATCH (s:State) RETURN s.id AS sid, s.name AS sname ORDER BY sid

// ==== CREATE a path of new and bound entities, then read it over two hops

// a new leader of a new front that sanctions an existing state
MATCH (s:State {id: 'E0000053'})
CREATE (p:Person {id: 'NEW-P', kind: 'Person', name: 'Pia Nord'})
       -[:leads {evidence: 'confirmed', since: '2022-01-15'}]->
       (o:Organization {id: 'NEW-O', kind: 'Organization', name: 'Nord Front'})
       -[:sanctions {evidence: 'reported'}]->(s)

// leaders of bodies that sanction a state
MATCH (p:Person)-[:leads]->(b)-[:sanctions]->(s:State)
RETURN p.id AS leader, b.id AS body, s.id AS target

// the new chain with its properties
MATCH (p:Person {id: 'NEW-P'})-[l:leads]->(o)-[r:sanctions]->(s)
RETURN o.name AS oname, l.since AS since, r.evidence AS ev, s.name AS sname

// ==== CREATE after WITH: a new bloc that every state joins, then some leave

// one relation per state
CREATE (o:Organization {id: 'NEW-BLOC', kind: 'Organization', name: 'The Bloc'})
WITH o
MATCH (s:State)
CREATE (s)-[:member_of {evidence: 'confirmed', since: '2025'}]->(o)

// state members per organisation
MATCH (s:State)-[:member_of]->(o:Organization) RETURN o.id AS oid, count(*) AS states ORDER BY oid

// states with higher ids leave the bloc
MATCH (s:State)-[r:member_of]->(o:Organization {id: 'NEW-BLOC'}) WHERE s.id > 'E0000100' DELETE r

// the bloc's members
MATCH (s:State)-[:member_of]->(o:Organization {id: 'NEW-BLOC'}) RETURN s.id AS sid ORDER BY sid

// ==== Writes that build on each other: score, delete the top one, MERGE back

// each state's sanctions, counted
MATCH (s:State) OPTIONAL MATCH (s)-[r:sanctions]->()
WITH s, count(r) AS n
SET s.score = n

// scores
MATCH (s:State) RETURN s.id AS sid, s.score AS score ORDER BY score DESC, sid

// the state with most sanctions goes
MATCH (s:State) WITH s ORDER BY s.score DESC, s.id LIMIT 1 DETACH DELETE s

// states left
MATCH (s:State) RETURN s.id AS sid, s.score AS score ORDER BY sid

// MERGE over every original state: the one deleted is made again
// @param ids=["E0000037", "E0000053", "E0000061", "E0000158", "E0000237", "E0000257"]
UNWIND $ids AS i
MERGE (s:State {id: i})
  ON CREATE SET s.kind = 'State', s.name = 'Restored ' + i, s.score = 0
  ON MATCH SET s.rank = 1
RETURN s.id AS sid, s.name AS sname, s.score AS score, s.rank AS rnk ORDER BY sid

// relations of states, either way (a directed pattern would read entente's symmetric types
// both ways)
MATCH (s:State)-[r]-() RETURN s.id AS sid, count(DISTINCT r) AS rels ORDER BY sid

// ==== A symmetric relation created one way reads from both ends undirected

// a new alliance
MATCH (a:State {id: 'E0000158'}), (b:State {id: 'E0000237'})
CREATE (a)-[:allied_with {evidence: 'confirmed', since: '2023'}]->(b)

// alliances between states, both ways
MATCH (a:State)-[r:allied_with]-(b:State)
RETURN a.id AS x, b.id AS y, r.since AS since

// ==== SET names from an expression, then read them in order

// parties are written in capitals
MATCH (o:Organization) WHERE o.name ENDS WITH 'Party' SET o.name = toUpper(o.name)

// the parties by name
MATCH (o:Organization) WHERE o.name ENDS WITH 'PARTY'
RETURN o.id AS oid, o.name AS oname ORDER BY oname, oid

// the old spelling is gone
// @empty-ok
MATCH (o:Organization) WHERE o.name ENDS WITH 'Party' RETURN count(*) AS old_names

// ==== Writes that return rows: MERGE and CREATE with ORDER BY, SET with aggregation

// MERGE one state that exists and one that does not, returning both
UNWIND ['E0000257', 'NEW-Q'] AS i
MERGE (s:State {id: i}) ON CREATE SET s.kind = 'State', s.name = 'Queenland'
RETURN s.id AS sid, s.name AS sname ORDER BY sid

// a relation to the new state, returning its ends
MATCH (a:State {id: 'E0000257'}), (b:State {id: 'NEW-Q'})
CREATE (a)-[r:supports {evidence: 'speculated', since: '2025-06-01'}]->(b)
RETURN a.name AS src, b.name AS dst, r.evidence AS ev, r.since AS since

// flags set on every organisation that supplies, counted as they are set
MATCH (o:Organization)-[:supplies]->()
WITH DISTINCT o
SET o.flag = true
RETURN count(*) AS flagged

// what supports the new state
MATCH (a)-[r:supports]->(b:State {id: 'NEW-Q'}) RETURN a.id AS src, r.evidence AS ev

// flagged organisations
MATCH (o:Organization) WHERE o.flag RETURN count(*) AS flagged

// ==== SET items apply in order: a later item reads what an earlier one wrote

// two scores
MATCH (a:State {id: 'E0000037'}), (b:State {id: 'E0000053'}) SET a.score = 1, b.score = 2

// a takes b's score, then b reads a's new one
MATCH (a:State {id: 'E0000037'}), (b:State {id: 'E0000053'})
SET a.score = b.score, b.score = a.score + 10
RETURN a.score AS a_score, b.score AS b_score

// the scores
MATCH (s:State) WHERE s.score IS NOT NULL RETURN s.id AS sid, s.score AS score ORDER BY sid

// ==== SET on many rows of one entity: each row reads what the rows before it wrote
// @skip: Kùzu: each row's coalesce(o.score, 0) + 1 reads the score from before the clause, so 27 member rows leave 1; entente applies the rows in turn, as Neo4j does, and leaves 27 (openCypher 9 does not say which)

// one increment per member
MATCH (o:Organization {id: 'E0000276'})<-[:member_of]-(m)
SET o.score = coalesce(o.score, 0) + 1

// the count and the members
MATCH (o:Organization {id: 'E0000276'})<-[:member_of]-(m)
RETURN o.score AS score, count(*) AS members

// ==== Later clauses of a write see its changes: SET, then MATCH, then aggregate

// flag one state, then find the flagged ones in the same query
MATCH (s:State {id: 'E0000037'}) SET s.flag = true
WITH count(*) AS flagged
MATCH (t:State) WHERE t.flag
RETURN t.id AS tid, flagged

// every state scored, summed in the same query
MATCH (s:State) SET s.score = 2 RETURN sum(s.score) AS total, count(*) AS states

// some states score more; nulls sort last going up
MATCH (s:State) WHERE s.id < 'E0000100' SET s.score = 3, s.rank = 1

// ranks going up
MATCH (s:State) RETURN s.id AS sid, s.rank AS rnk ORDER BY rnk, sid

// ranks going down, nulls first
MATCH (s:State) RETURN s.id AS sid, s.rank AS rnk, s.score AS score ORDER BY rnk DESC, sid

// ==== Delete and create in one query: an id freed is taken again, a relation made is unmade

// a state goes and a new one takes its id
MATCH (s:State {id: 'E0000037'}) DETACH DELETE s
WITH count(*) AS gone
CREATE (t:State {id: 'E0000037', kind: 'State', name: 'Reborn'})

// the states
MATCH (s:State) RETURN s.id AS sid, s.name AS sname ORDER BY sid

// the new one has no relations
// @empty-ok
MATCH (s:State {id: 'E0000037'})-[r]-() RETURN count(r) AS rels

// a relation made and deleted by the same query
MATCH (a:State {id: 'E0000037'}), (b:State {id: 'E0000053'})
CREATE (a)-[r:supports {evidence: 'confirmed'}]->(b)
WITH r DELETE r

// nothing is left of it
// @empty-ok
MATCH (a)-[r:supports]->(b:State {id: 'E0000053'}) WHERE a.id = 'E0000037' RETURN count(*) AS left_over

// ==== One relation on many rows is deleted once; evidence set to denied is still read

// each supply relation from the foundation to E0000122 comes once per state
MATCH (a:Organization {id: 'E0000038'})-[r:supplies]->(b:Organization {id: 'E0000122'}), (x:State)
DELETE r

// the foundation's supplies per target
MATCH (a:Organization {id: 'E0000038'})-[r:supplies]->(b)
RETURN b.id AS dst, count(*) AS supplies ORDER BY dst

// threats against states are denied
MATCH (a)-[r:threatens]->(b:State) SET r.evidence = 'denied'

// threats per evidence
MATCH (a)-[r:threatens]->(b) RETURN r.evidence AS ev, count(*) AS threats
