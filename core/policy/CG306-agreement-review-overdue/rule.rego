# CG306: an agreement's review is overdue.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg306

import rego.v1

deny contains finding if {
	some name, facts in input.facts.agreements
	facts.reviewOverdue
	not facts.state in {"Expired", "Terminated"}
	agreement := input.agreements[name]
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "reviewDue"],
		"message": sprintf("agreement %s was due for review on %s", [name, agreement.spec.reviewDue]),
		"help": "review it with the parties and record the next reviewDue",
	}
}
