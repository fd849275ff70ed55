package main

import (
	"os"
	"strings"
	"testing"

	"k8s.io/kubernetes/pkg/capabilities"
)

func TestMain(m *testing.M) {
	capabilities.Setup(true, 0)
	os.Exit(m.Run())
}

func one(t *testing.T, yaml string) *Document {
	t.Helper()
	docs := checkManifest([]byte(yaml))
	if len(docs) != 1 {
		t.Fatalf("want 1 document, got %d", len(docs))
	}
	return docs[0]
}

func TestInvalidPodContainerName(t *testing.T) {
	d := one(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - image: nginx\n")
	found := false
	for _, e := range d.Errors {
		if e.Field == "spec.containers[0].name" && e.Type == "Required" && e.Message == "spec.containers[0].name: Required value" {
			found = true
		}
	}
	if !found {
		t.Fatalf("want spec.containers[0].name: Required value, got %+v", d.Errors)
	}
	if !strings.Contains(d.Status, `Pod "p" is invalid`) {
		t.Fatalf("status: %q", d.Status)
	}
}

func TestValidDeployment(t *testing.T) {
	d := one(t, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`)
	if len(d.Errors) != 0 || len(d.DecodeErrors) != 0 || d.Skipped != "" {
		t.Fatalf("want no error, got %+v", d)
	}
}

func TestUnknownFieldIsDecodeError(t *testing.T) {
	d := one(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagePullPolcy: Always\n")
	if len(d.DecodeErrors) != 1 || d.DecodeErrors[0].Field != "spec.containers[0].imagePullPolcy" || d.DecodeErrors[0].Kind != "unknown-field" {
		t.Fatalf("want unknown field at spec.containers[0].imagePullPolcy, got %+v", d.DecodeErrors)
	}
	if len(d.Errors) != 0 {
		t.Fatalf("a rejected body is not validated: %+v", d.Errors)
	}
}

func TestWrongTypeIsDecodeError(t *testing.T) {
	d := one(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    ports:\n    - containerPort: \"80\"\n")
	if len(d.DecodeErrors) != 1 || d.DecodeErrors[0].Kind != "wrong-type" || d.DecodeErrors[0].Field != "spec.containers.ports.containerPort" {
		t.Fatalf("want a wrong-type error at spec.containers.ports.containerPort, got %+v", d.DecodeErrors)
	}
}

func TestDuplicateYAMLKeysCollapseInKubectl(t *testing.T) {
	// kubectl converts YAML to JSON through a map: the last value wins and the server never
	// sees the duplicate.
	d := one(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    image: nginx:2\n")
	if len(d.DecodeErrors) != 0 || len(d.Errors) != 0 {
		t.Fatalf("want no error, got %+v", d)
	}
}

func TestListItemsAndSkippedKinds(t *testing.T) {
	docs := checkManifest([]byte(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
  spec: {containers: [{name: c, image: nginx}]}
- apiVersion: v1
  kind: Pod
  metadata: {name: b}
  spec: {containers: [{image: nginx}]}
---
apiVersion: v1
kind: Service
metadata: {name: s}
`))
	if len(docs) != 3 {
		t.Fatalf("want 3 entries, got %d", len(docs))
	}
	if docs[0].Item == nil || *docs[0].Item != 0 || len(docs[0].Errors) != 0 {
		t.Fatalf("item 0: %+v", docs[0])
	}
	if docs[1].Item == nil || *docs[1].Item != 1 || len(docs[1].Errors) == 0 {
		t.Fatalf("item 1: %+v", docs[1])
	}
	if docs[2].Index != 1 || docs[2].Skipped == "" {
		t.Fatalf("service: %+v", docs[2])
	}
}

func TestBadYAML(t *testing.T) {
	docs := checkManifest([]byte("apiVersion: v1\nkind: Pod\nmetadata:\n  name: [\n"))
	if len(docs) != 1 || len(docs[0].DecodeErrors) != 1 || docs[0].DecodeErrors[0].Kind != "yaml" {
		t.Fatalf("want a yaml error, got %+v", docs)
	}
}

func TestDetailOf(t *testing.T) {
	cases := map[[2]string]string{
		{"Required", "Required value"}:                                           "",
		{"Invalid", `Invalid value: "A_b": a lowercase RFC 1123 label must ...`}: "a lowercase RFC 1123 label must ...",
		{"NotSupported", `Unsupported value: "x": supported values: "a", "b"`}:   `supported values: "a", "b"`,
		{"Invalid", "Invalid value: -1: must be greater than or equal to 0"}:     "must be greater than or equal to 0",
		{"Forbidden", "Forbidden: may not be set"}:                               "may not be set",
		{"TooLong", "Too long: must have at most 63 bytes"}:                      "must have at most 63 bytes",
	}
	for in, want := range cases {
		if got := detailOf(in[0], in[1]); got != want {
			t.Errorf("detailOf(%q) = %q, want %q", in[1], got, want)
		}
	}
}

func TestWrongTypePathWithoutEmbeddedStructs(t *testing.T) {
	d := one(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    readinessProbe:\n      httpGet: {port: {a: 1}}\n")
	if len(d.DecodeErrors) != 1 || d.DecodeErrors[0].Field != "spec.containers.readinessProbe.httpGet.port" {
		t.Fatalf("want spec.containers.readinessProbe.httpGet.port, got %+v", d.DecodeErrors)
	}
}

func TestPrivilegedAllowedAsInClusters(t *testing.T) {
	d := one(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n    securityContext: {privileged: true}\n")
	if len(d.Errors) != 0 {
		t.Fatalf("privileged containers are allowed with --allow-privileged: %+v", d.Errors)
	}
}

func TestServiceAccountAdmissionDefaultsTheName(t *testing.T) {
	// Without serviceAccountName a projected token is Forbidden; the ServiceAccount admission
	// plugin sets "default" first, so a real cluster accepts the pod.
	d := one(t, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n  volumes:\n  - name: t\n    projected:\n      sources:\n      - serviceAccountToken: {path: token}\n")
	if len(d.Errors) != 0 {
		t.Fatalf("want no error, got %+v", d.Errors)
	}
}

func TestMissingAPIVersion(t *testing.T) {
	// kubectl's default --validate=strict refuses a document without apiVersion before sending it.
	d := one(t, "kind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: nginx}]\n")
	if len(d.DecodeErrors) != 1 || d.DecodeErrors[0].Kind != "invalid-object" || d.DecodeErrors[0].Message != "error validating data: apiVersion not set" {
		t.Fatalf("want apiVersion not set, got %+v", d)
	}
}
