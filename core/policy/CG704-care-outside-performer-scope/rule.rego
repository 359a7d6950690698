# CG704: individual care outside the performer's service scopes.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg704

import rego.v1

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose == "IndividualCare"
	missing := input.facts.activities[name].scopesNotProvided
	count(missing) > 0
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "serviceScopes"],
		"message": sprintf("%s gives individual care in %s, which it does not provide", [activity.spec.performedBy, concat(", ", missing)]),
		"help": sprintf("correct the scope, or add it to %s's serviceScopes if it does provide those services", [activity.spec.performedBy]),
	}
}
