#!/usr/bin/env python3
"""Checks of the TCK runner's own parts, without the TCK: the Gherkin reader, the reading and
comparison of values, the grouping of causes and the strict reading of errors.

    python3 tests/tck/test_runner.py
"""

import math
import sys
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gherkin  # noqa: E402
import run_tck  # noqa: E402
import tck_errors  # noqa: E402
import tck_values as tv  # noqa: E402

FEATURE = '''Feature: Sample - a feature

  Background:
    Given an empty graph

  @tagged
  Scenario Outline: [1] Outline with <what>
    And having executed:
      """
      CREATE (:A {num: <num>})
      """
    When executing query:
      """
      MATCH (n) RETURN n.num AS num
      """
    Then the result should be, in any order:
      | num   |
      | <num> |
    And no side effects

    Examples:
      | what  | num |
      | one   | 1   |
      | two   | 2   |

  Scenario: [2] A table with no columns and an escaped bar
    Given there exists a procedure test.doNothing() :: ():
      |
    Then the result should be, in order:
      | s      |
      | 'a\\|b' |
'''


class GherkinTest(unittest.TestCase):
    def test_outline_rows_become_scenarios_with_background_and_tags(self):
        scenarios = gherkin.parse_feature(FEATURE, "x/Sample.feature")
        self.assertEqual([s.name for s in scenarios],
                         ["[1] Outline with one (example 1)", "[1] Outline with two (example 2)",
                          "[2] A table with no columns and an escaped bar"])
        first = scenarios[0]
        self.assertIn("@tagged", first.tags)
        self.assertEqual([s.text for s in first.steps][:2], ["an empty graph", "having executed:"])
        self.assertEqual(first.steps[1].doc, "CREATE (:A {num: 1})")
        self.assertEqual(scenarios[1].steps[3].table, [["num"], ["2"]])
        self.assertEqual(scenarios[2].steps[1].table, [[]])
        self.assertEqual(scenarios[2].steps[2].table[1], ["'a|b'"])

    def test_a_row_without_bars_is_an_error(self):
        with self.assertRaises(gherkin.GherkinError):
            gherkin.parse_feature("Feature: F\n  Scenario: S\n    Given x\n      | a\n", "F")


class ValuesTest(unittest.TestCase):
    def test_tck_literals(self):
        self.assertEqual(tv.parse_tck("[1, 2.5, 'a', null, true, {k: -0x1F}]"),
                         [1, 2.5, "a", None, True, {"k": -31}])
        self.assertTrue(math.isnan(tv.parse_tck("NaN")))
        self.assertEqual(tv.parse_tck("-Inf"), -math.inf)
        self.assertEqual(tv.parse_tck("'\\nFoo'"), "\nFoo")
        node = tv.parse_tck("(:A:B {name: 'x'})")
        self.assertEqual((node.labels, node.props), (frozenset({"A", "B"}), {"name": "x"}))
        path = tv.parse_tck("<(:A)-[:T {k: 1}]->()<-[:U]-(:B)>")
        self.assertEqual(len(path.nodes), 3)
        self.assertEqual([(r.type, forward) for r, forward in path.rels],
                         [("T", True), ("U", False)])

    def test_types_must_agree(self):
        self.assertTrue(tv.equal(1, 1))
        self.assertFalse(tv.equal(1, 1.0))
        self.assertFalse(tv.equal(1.0, 1))
        self.assertFalse(tv.equal("1", 1))
        self.assertFalse(tv.equal(True, 1))
        self.assertTrue(tv.equal(math.nan, "NaN"))
        self.assertTrue(tv.equal(0.1 + 0.2, 0.3))
        self.assertFalse(tv.equal([1, 2], [2, 1]))
        self.assertTrue(tv.equal([1, [2, 3]], [1, [3, 2]], unordered_lists=True))

    def entity(self, id_, kind, name, **props):
        return tv.from_json({"id": id_, "kind": kind, "name": name, "properties": props})

    def test_a_node_ignores_the_id_and_the_name_entente_made_up(self):
        self.assertTrue(tv.equal(tv.parse_tck("(:A {num: 1})"),
                                 self.entity("a-1", "A", "a-1", num=1)))
        self.assertTrue(tv.equal(tv.parse_tck("()"), self.entity("node-1", "", "node-1")))
        self.assertFalse(tv.equal(tv.parse_tck("()"), self.entity("node-1", "A", "node-1")))
        # A name that was given is compared, whether or not the TCK wrote one.
        self.assertTrue(tv.equal(tv.parse_tck("({name: 'x'})"), self.entity("x", "", "x")))
        self.assertFalse(tv.equal(tv.parse_tck("()"), self.entity("ada", "", "Ada")))
        self.assertTrue(tv.equal(tv.parse_tck("({id: 'q'})"), self.entity("q", "", "q")))
        self.assertFalse(tv.equal(tv.parse_tck("({id: 'q'})"), self.entity("r", "", "r")))

    def test_relations_and_paths_leave_out_built_in_keys(self):
        rel = {"from": "a-1", "type": "T", "to": "b-1", "evidence": "reported", "sources": [],
               "properties": {"k": 1}}
        self.assertTrue(tv.equal(tv.parse_tck("[:T {k: 1}]"), tv.from_json(rel)))
        self.assertFalse(tv.equal(tv.parse_tck("[:T]"), tv.from_json(rel)))
        path = {"length": 1, "nodes": ["b-1", "a-1"], "relations": [rel],
                "entities": [{"id": "b-1", "kind": "B", "name": "b-1", "properties": {}},
                             {"id": "a-1", "kind": "A", "name": "a-1", "properties": {}}]}
        self.assertTrue(tv.equal(tv.parse_tck("<(:B)<-[:T {k: 1}]-(:A)>"), tv.from_json(path)))
        self.assertFalse(tv.equal(tv.parse_tck("<(:B)-[:T {k: 1}]->(:A)>"), tv.from_json(path)))

    def test_parameters_become_json(self):
        self.assertEqual(tv.to_json_text(tv.parse_tck("{a: [1, 2.0, 'x', null]}")),
                         '{"a": [1, 2.0, "x", null]}')


class CausesTest(unittest.TestCase):
    def test_particulars_are_blanked(self):
        message = ("entente: unknown function 'rand'; did you mean \"round\" or \"range\"? "
                   "(line 2, column 23)")
        self.assertEqual(run_tck.cause_of(message), "unknown function '…'")
        message = "'id' must be a string, got integer 12 (line 1, column 8)"
        self.assertEqual(run_tck.cause_of(message), "'…' must be a string, got integer …")

    def test_strict_errors(self):
        self.assertTrue(tck_errors.matches("UndefinedVariable", "variable 'a' is not defined"))
        self.assertFalse(tck_errors.matches("UndefinedVariable", "unknown function 'x'"))
        self.assertTrue(tck_errors.matches("*", "anything"))
        self.assertFalse(tck_errors.matches("NoSuchDetail", "anything"))


if __name__ == "__main__":
    unittest.main()
