"""The strict reading of `a <Kind> should be raised at <phase>: <Detail>`.

entente's errors carry no TCK detail code; they are sentences. A detail counts as matched in
the strict figure when entente's message says what the detail names, by the patterns below
(case-insensitive, searched in the whole message). A detail with no pattern here never
matches strictly. The lenient figure counts any error.
"""

import re

PATTERNS = {
    "UndefinedVariable": r"is not defined|not defined|undefined variable|unknown variable",
    "VariableTypeConflict": r"is not a (node|relation|path)|is a (node|relation|path|list|value)"
    r"|bound to|already (bound|defined)|cannot be used as|type conflict",
    "VariableAlreadyBound": r"already bound|already defined|is bound",
    "RelationshipUniquenessViolation": r"same relation|more than once|twice|already used",
    "InvalidAggregation": r"aggregat",
    "NestedAggregation": r"aggregat.*(inside|within|nested)|nested aggregat",
    "AmbiguousAggregationExpression": r"aggregat.*(group|key|ambiguous)|ambiguous",
    "NoExpressionAlias": r"\bAS\b|alias|needs a name",
    "ColumnNameConflict": r"same name|twice|duplicate|more than once|already",
    "DifferentColumnsInUnion": r"UNION.*column|column.*UNION",
    "InvalidClauseComposition": r"cannot follow|must end|cannot end|after|before|needs a|clause",
    "NoVariablesInScope": r"no variables|nothing in scope|\*",
    "InvalidParameterUse": r"parameter",
    "InvalidRelationshipPattern": r"relationship|relation|pattern|length|\*",
    "CreatingVarLength": r"variable.length|\*",
    "RequiresDirectedRelationship": r"direct",
    "NoSingleRelationshipType": r"one type|single type|a type|exactly one",
    "InvalidArgumentType": r"needs an?|cannot apply|expected|not a|type|cannot",
    "InvalidArgumentValue": r"must|cannot|invalid|out of range|needs",
    "NegativeIntegerArgument": r"negative|must not be less|at least 0|>= 0",
    "InvalidNumberLiteral": r"number|integer|literal",
    "IntegerOverflow": r"overflow|too (large|big)|out of range",
    "FloatingPointOverflow": r"overflow|too (large|big)|out of range|infinit",
    "InvalidUnicodeLiteral": r"unicode|escape|\\u",
    "InvalidUnicodeCharacter": r"unicode|character",
    "UnknownFunction": r"unknown function|no function",
    "InvalidNumberOfArguments": r"argument",
    "NonConstantExpression": r"constant|variable|depend",
    "MapElementAccessByNonString": r"cannot index|key|string",
    "ListElementAccessByNonInteger": r"cannot index|integer",
    "PropertyAccessOnNonMap": r"property|cannot|not a map",
    "InvalidPropertyType": r"property|cannot store|cannot be|a map|type",
    "InvalidDelete": r"delete",
    "DeleteConnectedNode": r"relation|detach|connected",
    "DeletedEntityAccess": r"deleted",
    "MergeReadOwnWrites": r"merge",
    "UnexpectedSyntax": r"expected|unexpected|syntax",
}


def matches(detail: str, message: str) -> bool:
    """Whether entente's error `message` says what the TCK's `detail` names."""
    if detail == "*":  # the TCK leaves the detail open: any error is the right one
        return True
    pattern = PATTERNS.get(detail)
    return bool(pattern) and re.search(pattern, message, re.IGNORECASE | re.DOTALL) is not None
