# CG107: a commissioning support unit is a controller.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg107

import rego.v1

# Start from the (few) CSUs and follow the facts' indexes to what names
# them, rather than testing every reference of every resource.
csus contains org if {
	some org, o in input.organisations
	o.spec.type == "CommissioningSupportUnit"
}

controller_roles := {"Controller", "JointController"}

deny contains finding if {
	some org in csus
	some name in input.facts.organisations[org].activitiesControlled
	some i, c in input.activities[name].spec.controllers
	c == org
	finding := {
		"resource": {"kind": "ProcessingActivity", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("commissioning support unit %s is a controller of %s; a CSU acts as processor for its commissioners", [org, name]),
		"help": "make the commissioner the controller and the CSU its processor under a DataProcessingContract",
	}
}

deny contains finding if {
	some org in csus
	some name in input.facts.organisations[org].storesControlled
	some i, c in input.dataStores[name].spec.controllers
	c == org
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "controllers", i],
		"message": sprintf("commissioning support unit %s is a controller of store %s; a CSU acts as processor", [org, name]),
		"help": "make the commissioner the controller and the CSU the host",
	}
}

deny contains finding if {
	some org in csus
	some name in input.facts.organisations[org].agreements
	some i, party in input.agreements[name].spec.parties
	party.organisation == org
	party.role in controller_roles
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties", i, "role"],
		"message": sprintf("commissioning support unit %s is a %s in agreement %s; a CSU acts as processor (NHS England is the legal entity behind it)", [party.organisation, party.role, name]),
		"help": "make the CSU the Processor",
	}
}
