package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"
	"k8s.io/apiserver/pkg/warning"
	kubectlutil "k8s.io/kubectl/pkg/util"

	"k8s.io/kubernetes/pkg/api/legacyscheme"
	_ "k8s.io/kubernetes/pkg/apis/apps/install"
	_ "k8s.io/kubernetes/pkg/apis/batch/install"
	api "k8s.io/kubernetes/pkg/apis/core"
	_ "k8s.io/kubernetes/pkg/apis/core/install"
	"k8s.io/kubernetes/pkg/registry/apps/daemonset"
	"k8s.io/kubernetes/pkg/registry/apps/deployment"
	"k8s.io/kubernetes/pkg/registry/apps/replicaset"
	"k8s.io/kubernetes/pkg/registry/apps/statefulset"
	"k8s.io/kubernetes/pkg/registry/batch/cronjob"
	"k8s.io/kubernetes/pkg/registry/batch/job"
	"k8s.io/kubernetes/pkg/registry/core/pod"
	"k8s.io/kubernetes/pkg/registry/core/podtemplate"
	"k8s.io/kubernetes/pkg/registry/core/replicationcontroller"
)

// target is one kind the oracle sends: the resource the API server serves it as, and its
// registry strategy (the one the resource's generic store uses for create).
type target struct {
	resource string
	strategy rest.RESTCreateStrategy
}

var targets = map[schema.GroupVersionKind]target{
	{Group: "", Version: "v1", Kind: "Pod"}:                   {"pods", pod.Strategy},
	{Group: "", Version: "v1", Kind: "PodTemplate"}:           {"podtemplates", podtemplate.Strategy},
	{Group: "", Version: "v1", Kind: "ReplicationController"}: {"replicationcontrollers", replicationcontroller.Strategy},
	{Group: "apps", Version: "v1", Kind: "Deployment"}:        {"deployments", deployment.Strategy},
	{Group: "apps", Version: "v1", Kind: "ReplicaSet"}:        {"replicasets", replicaset.Strategy},
	{Group: "apps", Version: "v1", Kind: "StatefulSet"}:       {"statefulsets", statefulset.Strategy},
	{Group: "apps", Version: "v1", Kind: "DaemonSet"}:         {"daemonsets", daemonset.Strategy},
	{Group: "batch", Version: "v1", Kind: "Job"}:              {"jobs", job.Strategy},
	{Group: "batch", Version: "v1", Kind: "CronJob"}:          {"cronjobs", cronjob.Strategy},
}

// admitServiceAccount: the ServiceAccount admission plugin (on by default) gives a pod without
// serviceAccountName the "default" one, before validation.
var admitServiceAccount = true

var servedKinds = func() map[string]bool {
	m := map[string]bool{}
	for gvk := range targets {
		m[gvk.Kind] = true
	}
	return m
}()

var releaseOnce sync.Once
var releaseName string

// release is the version of k8s.io/kubernetes this binary was built from ("1.37.2").
func release() string {
	releaseOnce.Do(func() {
		releaseName = "unknown"
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, d := range bi.Deps {
				if d.Path == "k8s.io/kubernetes" {
					releaseName = strings.TrimPrefix(d.Version, "v")
				}
			}
		}
	})
	return releaseName
}

// checkManifest reads the input's documents as kubectl does (cli-runtime resource.StreamVisitor:
// one YAMLOrJSONDecoder over the stream; YAML documents are separated by "---" lines and each is
// converted YAML -> JSON by sigs.k8s.io/yaml) and answers each. Like kubectl, it stops at the
// first document that does not parse.
func checkManifest(text []byte) []*Document {
	docs := []*Document{}
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(text), 4096)
	for index := 0; ; index++ {
		var ext runtime.RawExtension
		err := decoder.Decode(&ext)
		if err == io.EOF {
			break
		}
		if err != nil {
			d := newDocument(index)
			d.DecodeErrors = append(d.DecodeErrors, DecodeError{Kind: "yaml", Message: err.Error()})
			return append(docs, d)
		}
		docs = append(docs, checkDocument(index, ext.Raw)...)
	}
	return docs
}

// objectKindErrors is kubectl's validation.getObjectKind (unexported there): the checks
// paramVerifyingSchema.ValidateBytes makes before asking whether the server validates fields.
func objectKindErrors(raw []byte) [][2]string {
	var fields map[string]interface{}
	if err := utiljson.Unmarshal(raw, &fields); err != nil || fields == nil {
		return [][2]string{{"", "invalid object to validate"}}
	}
	var out [][2]string
	switch v := fields["apiVersion"].(type) {
	case nil:
		out = append(out, [2]string{"apiVersion", "apiVersion not set"})
	case string:
		if _, err := schema.ParseGroupVersion(v); err != nil {
			out = append(out, [2]string{"apiVersion", err.Error()})
		}
	default:
		out = append(out, [2]string{"apiVersion", "apiVersion isn't string type"})
	}
	switch fields["kind"].(type) {
	case nil:
		out = append(out, [2]string{"kind", "kind not set"})
	case string:
	default:
		out = append(out, [2]string{"kind", "kind isn't string type"})
	}
	return out
}

func newDocument(index int) *Document {
	return &Document{Index: index, Errors: []FieldError{}, DecodeErrors: []DecodeError{}, Warnings: []string{}}
}

// checkDocument answers one YAML document: kubectl's client side, then the API server's create.
func checkDocument(index int, json []byte) []*Document {
	d := newDocument(index)
	raw := bytes.TrimSpace(json)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		d.Skipped = "empty document (kubectl skips it)"
		return []*Document{d}
	}
	// kubectl --validate=strict (the default): k8s.io/kubectl/pkg/validation paramVerifyingSchema
	// parses the document and requires apiVersion and kind before anything is sent ("error
	// validating data: [apiVersion not set, ...]"); the server then validates the fields.
	if errs := objectKindErrors(raw); len(errs) > 0 {
		for _, e := range errs {
			d.DecodeErrors = append(d.DecodeErrors, DecodeError{Field: e[0], Kind: "invalid-object", Message: "error validating data: " + e[1]})
		}
		return []*Document{d}
	}
	// kubectl decodes into an unstructured object, and checks that the metadata decodes
	// (cli-runtime resource.metadataValidatingDecoder).
	obj, gvk, err := unstructured.UnstructuredJSONScheme.Decode(raw, nil, nil)
	if err != nil {
		d.DecodeErrors = append(d.DecodeErrors, DecodeError{Kind: "invalid-object", Message: err.Error()})
		return []*Document{d}
	}
	d.Kind, d.APIVersion = gvk.Kind, gvk.GroupVersion().String()
	var metaOnly struct {
		metav1.TypeMeta   `json:",inline"`
		metav1.ObjectMeta `json:"metadata,omitempty"`
	}
	if err := utiljson.Unmarshal(raw, &metaOnly); err != nil {
		d.DecodeErrors = append(d.DecodeErrors, decodeErrors(err)...)
		return []*Document{d}
	}
	if list, ok := obj.(*unstructured.UnstructuredList); ok {
		// kubectl sends each item of a List on its own (resource.FlattenListVisitor).
		out := []*Document{}
		for i := range list.Items {
			item := &list.Items[i]
			di := newDocument(index)
			n := i
			di.Item = &n
			di.Kind, di.APIVersion = item.GetKind(), item.GetAPIVersion()
			send(di, item)
			out = append(out, di)
		}
		if len(out) == 0 {
			d.Skipped = "empty List"
			return []*Document{d}
		}
		return out
	}
	u, ok := obj.(*unstructured.Unstructured)
	if !ok {
		d.Skipped = fmt.Sprintf("not an object: %T", obj)
		return []*Document{d}
	}
	send(d, u)
	return []*Document{d}
}

// send does what `kubectl apply` (create path) and the API server do with one object.
func send(d *Document, u *unstructured.Unstructured) {
	gvk := u.GroupVersionKind()
	d.Name = u.GetName()
	t, ok := targets[gvk]
	if !ok && servedKinds[gvk.Kind] {
		// kubectl finds no REST mapping: "no matches for kind" (nothing is sent). No release from
		// 1.27 on serves these kinds in another group version.
		d.DecodeErrors = append(d.DecodeErrors, DecodeError{Field: "apiVersion", Kind: "unserved",
			Message: fmt.Sprintf("no matches for kind %q in version %q", gvk.Kind, gvk.GroupVersion().String())})
		return
	}
	if !ok {
		d.Skipped = fmt.Sprintf("kind not handled by the oracle: %s %s", gvk.GroupVersion().String(), gvk.Kind)
		return
	}
	// kubectl apply, object not found: CreateApplyAnnotation, then POST with fieldValidation=Strict.
	if err := kubectlutil.CreateApplyAnnotation(u, unstructured.UnstructuredJSONScheme); err != nil {
		d.DecodeErrors = append(d.DecodeErrors, DecodeError{Kind: "invalid-object", Message: err.Error()})
		return
	}
	namespace := u.GetNamespace()
	if namespace == "" {
		namespace = metav1.NamespaceDefault
	}
	body, err := runtime.Encode(unstructured.UnstructuredJSONScheme, u)
	if err != nil {
		d.DecodeErrors = append(d.DecodeErrors, DecodeError{Kind: "invalid-object", Message: err.Error()})
		return
	}
	status := create(d, gvk, t, namespace, body)
	if status != nil {
		d.Status = status.Error()
	}
}

var jsonInfo = func() runtime.SerializerInfo {
	info, ok := runtime.SerializerInfoForMediaType(legacyscheme.Codecs.SupportedMediaTypes(), runtime.ContentTypeJSON)
	if !ok {
		panic("no JSON serializer")
	}
	return info
}()

type warnings struct{ list *[]string }

func (w warnings) AddWarning(_, text string) { *w.list = append(*w.list, text) }

// create follows k8s.io/apiserver's createHandler and generic Store.Create.
func create(d *Document, gvk schema.GroupVersionKind, t target, namespace string, body []byte) error {
	// createHandler: decode with the strict serializer (fieldValidation=Strict) into the hub
	// (internal) version: the codec defaults the external object, then converts it.
	hub := schema.GroupVersion{Group: gvk.Group, Version: runtime.APIVersionInternal}
	original, err := legacyscheme.Scheme.New(hub.WithKind(gvk.Kind))
	if err != nil {
		return err
	}
	decoder := legacyscheme.Codecs.DecoderToVersion(jsonInfo.StrictSerializer, hub)
	defaultGVK := gvk
	obj, gotGVK, err := decoder.Decode(body, &defaultGVK, original)
	if err != nil {
		// Strict errors (unknown, duplicate fields) and decoding errors alike fail the request
		// under fieldValidation=Strict (transformDecodeError).
		d.DecodeErrors = append(d.DecodeErrors, decodeErrors(err)...)
		kind := gvk
		if gotGVK != nil && len(gotGVK.Kind) > 0 {
			kind = *gotGVK
		}
		return apierrors.NewBadRequest(fmt.Sprintf("%s in version %q cannot be handled as a %s: %v", kind.Kind, kind.Version, gvk.Kind, err))
	}
	ctx := genericapirequest.WithNamespace(context.Background(), namespace)
	ctx = genericapirequest.WithRequestInfo(ctx, &genericapirequest.RequestInfo{
		IsResourceRequest: true, Verb: "create", APIPrefix: apiPrefix(gvk.Group), APIGroup: gvk.Group, APIVersion: gvk.Version,
		Namespace: namespace, Resource: t.resource, Path: "/" + apiPrefix(gvk.Group),
	})
	ctx = warning.WithWarningRecorder(ctx, warnings{&d.Warnings})
	objectMeta, err := meta.Accessor(obj)
	if err != nil {
		return err
	}
	// createHandler: system fields are wiped; the request's namespace is set on the object.
	rest.WipeObjectMetaSystemFields(objectMeta)
	if err := rest.EnsureObjectNamespaceMatchesRequestNamespace(namespace, objectMeta); err != nil {
		d.Errors = append(d.Errors, FieldError{Field: "metadata.namespace", Type: "Invalid", Message: err.Error()})
		return err
	}
	// Mutating admission runs before the store's create. Of the plugins enabled by default, only
	// the part of ServiceAccount that does not depend on the cluster's state is reproduced.
	if admitServiceAccount {
		if p, ok := obj.(*api.Pod); ok && len(p.Spec.ServiceAccountName) == 0 {
			p.Spec.ServiceAccountName = "default"
			// From 1.37 the internal PodSpec carries the deprecated alias too, and validation
			// requires both to match (the plugin sets both); older releases have no such field.
			if f := reflect.ValueOf(&p.Spec).Elem().FieldByName("DeprecatedServiceAccount"); f.IsValid() && f.Kind() == reflect.String {
				f.SetString("default")
			}
		}
	}
	// Store.create: system fields filled in, generateName applied, then BeforeCreate
	// (PrepareForCreate, Validate, object meta validation, declarative validation, warnings).
	rest.FillObjectMetaSystemFields(objectMeta)
	if len(objectMeta.GetGenerateName()) > 0 && len(objectMeta.GetName()) == 0 {
		objectMeta.SetName(t.strategy.GenerateName(objectMeta.GetGenerateName()))
	}
	err = rest.BeforeCreate(t.strategy, ctx, obj)
	if err == nil {
		return nil
	}
	var status apierrors.APIStatus
	if errors.As(err, &status) && status.Status().Details != nil && len(status.Status().Details.Causes) > 0 {
		for _, c := range status.Status().Details.Causes {
			d.Errors = append(d.Errors, fieldError(c))
		}
	} else {
		d.Errors = append(d.Errors, FieldError{Type: "Internal", Message: err.Error(), Detail: err.Error()})
	}
	return err
}

func apiPrefix(group string) string {
	if group == "" {
		return "api"
	}
	return "apis"
}

var causeTypes = map[metav1.CauseType]string{
	metav1.CauseType(field.ErrorTypeNotFound):     "NotFound",
	metav1.CauseType(field.ErrorTypeRequired):     "Required",
	metav1.CauseType(field.ErrorTypeDuplicate):    "Duplicate",
	metav1.CauseType(field.ErrorTypeInvalid):      "Invalid",
	metav1.CauseType(field.ErrorTypeNotSupported): "NotSupported",
	metav1.CauseType(field.ErrorTypeForbidden):    "Forbidden",
	metav1.CauseType(field.ErrorTypeTooLong):      "TooLong",
	metav1.CauseType(field.ErrorTypeTooMany):      "TooMany",
	metav1.CauseType(field.ErrorTypeInternal):     "Internal",
	metav1.CauseType(field.ErrorTypeTypeInvalid):  "TypeInvalid",
}

var typeTexts = map[string]string{
	"NotFound": "Not found", "Required": "Required value", "Duplicate": "Duplicate value",
	"Invalid": "Invalid value", "NotSupported": "Unsupported value", "Forbidden": "Forbidden",
	"TooLong": "Too long", "TooMany": "Too many", "Internal": "Internal error", "TypeInvalid": "Invalid value",
}

// fieldError turns a cause of an Invalid status (field.Error: Field, Type, ErrorBody()) into ours.
func fieldError(c metav1.StatusCause) FieldError {
	t, ok := causeTypes[c.Type]
	if !ok {
		t = string(c.Type)
	}
	msg := c.Message
	if c.Field != "" {
		msg = c.Field + ": " + c.Message
	}
	return FieldError{Field: c.Field, Type: t, Detail: detailOf(t, c.Message), Message: msg}
}

// detailOf recovers field.Error.Detail from ErrorBody(): "<type text>[: <value>][: <detail>]".
// Values are Go-quoted strings, numbers, booleans, null or %#v renderings; the detail is what
// follows the value. Best effort: a value that itself contains ": " outside quotes may cut early.
func detailOf(t, body string) string {
	text := typeTexts[t]
	rest, ok := strings.CutPrefix(body, text)
	if !ok {
		return body
	}
	rest, ok = strings.CutPrefix(rest, ": ")
	if !ok {
		return ""
	}
	switch t {
	case "Required", "Forbidden", "Internal", "TooMany":
		// No value printed for these (TooMany prints one only with a count; see below).
		if t != "TooMany" {
			return rest
		}
	}
	if strings.HasPrefix(rest, "must have at most") || strings.HasPrefix(rest, "may not have more than") || strings.HasPrefix(rest, "may not be more than") {
		return rest
	}
	// Skip one value.
	if strings.HasPrefix(rest, `"`) {
		if q, err := strconv.QuotedPrefix(rest); err == nil {
			rest = rest[len(q):]
		}
	} else if i := strings.Index(rest, ": "); i >= 0 {
		rest = rest[i:]
	} else {
		return ""
	}
	if after, ok := strings.CutPrefix(rest, ": "); ok {
		return after
	}
	return ""
}

var (
	strictItem   = regexp.MustCompile(`(unknown|duplicate) field "((?:[^"\\]|\\.)*)"`)
	structField  = regexp.MustCompile(`Go struct field [A-Za-z0-9_]*\.(\S+) of type`)
	strictPrefix = "strict decoding error: "
)

// decodeErrors classifies a decoding error: strict field errors each on their own, or one
// type error with the path the JSON decoder gives (struct field path, without list indices).
func decodeErrors(err error) []DecodeError {
	if strict, ok := runtime.AsStrictDecodingError(err); ok {
		out := []DecodeError{}
		for _, e := range strict.Errors() {
			msg := e.Error()
			if m := strictItem.FindStringSubmatch(msg); m != nil {
				out = append(out, DecodeError{Field: unquote(m[2]), Kind: m[1] + "-field", Message: msg})
			} else {
				out = append(out, DecodeError{Kind: "unknown-field", Message: msg})
			}
		}
		return out
	}
	msg := strings.TrimPrefix(err.Error(), strictPrefix)
	de := DecodeError{Kind: "wrong-type", Message: msg}
	if m := structField.FindStringSubmatch(msg); m != nil {
		de.Field = jsonPath(m[1])
	}
	return []DecodeError{de}
}

// jsonPath drops the names of embedded Go structs (ProbeHandler, VolumeSource,
// EphemeralContainerCommon...) that the JSON decoder puts in its field path: JSON field names of
// the Kubernetes API start with a lower-case letter, Go type names with an upper-case one.
func jsonPath(p string) string {
	parts := strings.Split(p, ".")
	out := parts[:0]
	for _, s := range parts {
		if s != "" && !(s[0] >= 'A' && s[0] <= 'Z') {
			out = append(out, s)
		}
	}
	return strings.Join(out, ".")
}

func unquote(s string) string {
	if u, err := strconv.Unquote(`"` + s + `"`); err == nil {
		return u
	}
	return s
}
