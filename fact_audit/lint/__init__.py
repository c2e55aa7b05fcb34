"""`fact-audit rubrics lint`: every problem of a rubric set at once, each at its file, line and column.

Layered bottom-up, each module importing only those below it: `problem` and `context` (what rules see), the rules
in `rules/`, then `linter`, which runs them and reads sets that extend another through `fact_audit.extend`. This
package file imports nothing, so `extend` can use the context without pulling in the linter above it.
"""
