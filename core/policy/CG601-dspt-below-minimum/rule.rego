# CG601: a recipient of personal data is below the minimum DSPT status.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg601

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	facts.receivesPersonalData
	input.organisations[org].spec.type != "PrimaryCareNetwork"
	facts.dsptRank < input.settings.minimumDsptRank
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": ["spec", "dspt"],
		"message": sprintf("%s receives personal data but its DSPT status is %s, below the care system's minimum %s", [org, object.get(object.get(input.organisations[org].spec, "dspt", {}), "status", "not recorded"), input.settings.minimumDspt]),
		"help": "reach Standards Met (or the system's minimum) before it receives personal data",
	}
}
