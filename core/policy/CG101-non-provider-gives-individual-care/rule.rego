# CG101: an organisation without a care function performs or controls individual care.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg101

import rego.v1

care_functions := {"Provider", "SocialCare", "PublicHealth"}

# Organisations with a care function, found once.
care_orgs contains org if {
	some org, facts in input.facts.organisations
	some f in facts.functions
	f in care_functions
}

# A performer that is the Processor of an in-force processing contract for the activity is exempt.
processor_exempt(name, org) if {
	org == input.activities[name].spec.performedBy
	not org in input.activities[name].spec.controllers
	count(input.facts.activities[name].processorGaps) == 0
}

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose == "IndividualCare"
	org := activity.spec.performedBy
	not org in care_orgs
	input.organisations[org]
	not processor_exempt(name, org)
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "performedBy"],
		"message": sprintf("%s performs individual care (%s) but has none of the functions Provider, SocialCare or PublicHealth", [org, name]),
		"help": "have a provider perform it, or, if the organisation does provide care, declare the function in its spec.functions",
	}
}

deny contains finding if {
	some name, activity in input.activities
	activity.spec.purpose == "IndividualCare"
	some i, org in activity.spec.controllers
	not org in care_orgs
	input.organisations[org]
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("%s controls individual care (%s) but has none of the functions Provider, SocialCare or PublicHealth: commissioners have no power to provide care", [org, name]),
		"help": "make the providers that care for the person the controllers",
	}
}
