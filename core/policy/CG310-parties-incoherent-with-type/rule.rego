# CG310: an agreement's parties do not fit its type.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg310

import rego.v1

controller_roles := {"Controller", "JointController"}

processor_roles := {"Processor", "SubProcessor"}

# The parties' roles as a set of strings: the helpers below take it rather
# than the agreement, which keeps their calls cheap.
roles_of(agreement) := {p.role | some p in agreement.spec.parties}

deny contains finding if {
	some name in input.facts.agreementsByType.DataProcessingContract
	agreement := input.agreements[name]
	not coherent_processing(roles_of(agreement))
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties"],
		"message": sprintf("processing contract %s needs a Processor and either a Controller/JointController or (for sub-processing) a SubProcessor", [name]),
		"help": "name the controller and its processor, or the processor and its sub-processor",
	}
}

coherent_processing(roles) if {
	"Processor" in roles
	some r in roles
	r in {"Controller", "JointController", "SubProcessor"}
}

deny contains finding if {
	some name in input.facts.agreementsByType.DataSharingAgreement
	agreement := input.agreements[name]
	n := count([p | some p in agreement.spec.parties; p.role in controller_roles])
	n < 2
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties"],
		"message": sprintf("sharing agreement %s has %d controller(s); a sharing agreement is between at least two controllers", [name, n]),
		"help": "name each organisation that discloses or receives the data as Controller (a processor needs a DataProcessingContract instead)",
	}
}

deny contains finding if {
	some name in input.facts.agreementsByType.JointControllerArrangement
	agreement := input.agreements[name]
	count([p | some p in agreement.spec.parties; p.role == "JointController"]) < 2
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties"],
		"message": sprintf("joint controller arrangement %s has fewer than two JointController parties", [name]),
		"help": "name every joint controller with role JointController",
	}
}

deny contains finding if {
	some name in input.facts.agreementsByType.JointControllerArrangement
	agreement := input.agreements[name]
	some i, party in agreement.spec.parties
	party.role in processor_roles
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "parties", i, "role"],
		"message": sprintf("joint controller arrangement %s names %s as %s; processors are not party to an Article 26 arrangement", [name, party.organisation, party.role]),
		"help": "put the processor in a DataProcessingContract (or use a DSPA)",
	}
}
