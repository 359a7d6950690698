# CG702: one purpose is split across performers.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg702

import rego.v1

key(activity) := sprintf("%s|%s", [activity.spec.purpose, concat(",", sort(activity.spec.controllers))])

groups[k] contains name if {
	some name, activity in input.activities
	k := key(activity)
}

deny contains finding if {
	some k, names in groups
	count(names) > 1
	some a in names
	some b in names
	a < b
	x := input.activities[a]
	y := input.activities[b]
	x.spec.performedBy != y.spec.performedBy
	overlap := {s | some s in x.spec.serviceScopes; s in y.spec.serviceScopes}
	count(overlap) > 0
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": b},
		"path": ["spec", "performedBy"],
		"message": sprintf("activities %s and %s have the same purpose and controllers and overlapping scopes (%s) but different performers (%s, %s)", [a, b, concat(", ", overlap), x.spec.performedBy, y.spec.performedBy]),
		"help": "confirm the split between performers is intended, or merge the activities",
	}
}
