# CG604: a DPIA's review is overdue.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg604

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.dpia.reviewDue < input.today
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "dpia", "reviewDue"],
		"message": sprintf("the DPIA of activity %s (%s) was due for review on %s", [name, activity.spec.dpia.reference, activity.spec.dpia.reviewDue]),
		"help": "review the DPIA and record the next reviewDue",
	}
}

deny contains finding if {
	some name, store in input.dataStores
	store.spec.dpia.reviewDue < input.today
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "dpia", "reviewDue"],
		"message": sprintf("the DPIA of store %s (%s) was due for review on %s", [name, store.spec.dpia.reference, store.spec.dpia.reviewDue]),
		"help": "review the DPIA and record the next reviewDue",
	}
}
