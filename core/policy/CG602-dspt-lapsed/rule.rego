# CG602: an organisation's DSPT publication has lapsed.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg602

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	facts.dsptLapsed
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": ["spec", "dspt", "publishedOn"],
		"message": sprintf("%s's DSPT publication of %s has lapsed (assessments are due every 30 June)", [org, input.organisations[org].spec.dspt.publishedOn]),
		"help": "publish this year's assessment and record its date",
	}
}
