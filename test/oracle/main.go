// Command oracle answers, for Kubernetes manifests, what `kubectl apply` of one Kubernetes release
// would get from that release's API server on create: decode errors (strict field validation),
// validation errors with their field paths and types, and warnings. It is built from the
// release's own code (k8s.io/kubernetes and its staging modules), one binary per release; see
// README.md beside this file.
//
// Usage:
//
//	oracle [--pretty] FILE...   one JSON result per file
//	oracle --batch              JSON lines: {"id": "...", "yaml": "..."} in, one result line out
//	oracle --version            the Kubernetes release it was built from
//	--allow-privileged=false    as a kube-apiserver without --allow-privileged (default: true)
//	--admission=false           without the ServiceAccount plugin's serviceAccountName default
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"k8s.io/klog/v2"
	"k8s.io/kubernetes/pkg/capabilities"
)

// Result is the answer for one input (a file or a batch case).
type Result struct {
	ID        string      `json:"id,omitempty"`
	File      string      `json:"file,omitempty"`
	Release   string      `json:"release"`
	Documents []*Document `json:"documents"`
	// Error is set when the input as a whole could not be handled (it should not happen).
	Error string `json:"error,omitempty"`
}

// Document is the answer for one YAML document, or for one item of a List.
type Document struct {
	// Index of the YAML document in the input (0-based, as `---` separates them).
	Index int `json:"index"`
	// Item is the index in a List's items, for the items of a List.
	Item       *int   `json:"item,omitempty"`
	Kind       string `json:"kind,omitempty"`
	APIVersion string `json:"apiVersion,omitempty"`
	Name       string `json:"name,omitempty"`
	// Skipped says why the document was not sent (a kind the oracle does not handle, an empty document).
	Skipped      string        `json:"skipped,omitempty"`
	Errors       []FieldError  `json:"errors"`
	DecodeErrors []DecodeError `json:"decodeErrors"`
	Warnings     []string      `json:"warnings"`
	// Status is the whole message the client would print for a rejected request.
	Status string `json:"status,omitempty"`
}

// FieldError is one validation error (a field.Error of the API server).
type FieldError struct {
	Field string `json:"field"`
	// Type: Required, Invalid, NotSupported, Duplicate, Forbidden, NotFound, TooLong, TooMany,
	// Internal, TypeInvalid.
	Type string `json:"type"`
	// Detail is the error's detail, recovered from the message (best effort: see README.md).
	Detail string `json:"detail"`
	// Message is "<field>: <body>", as the API server prints each error.
	Message string `json:"message"`
}

// DecodeError is a failure before validation: YAML, decoding or strict field validation.
type DecodeError struct {
	Field string `json:"field"`
	// Kind: unknown-field, duplicate-field, wrong-type, yaml, invalid-object, unserved.
	Kind    string `json:"kind"`
	Message string `json:"message"`
}

func quietKlog() {
	fs := flag.NewFlagSet("klog", flag.ContinueOnError)
	klog.InitFlags(fs)
	_ = fs.Set("logtostderr", "false")
	_ = fs.Set("alsologtostderr", "false")
	_ = fs.Set("stderrthreshold", "FATAL")
	klog.SetOutput(io.Discard)
}

// check answers one input, never panicking: a panic in upstream code becomes an error of its document.
func check(text []byte) (docs []*Document, fatal string) {
	defer func() {
		if r := recover(); r != nil {
			fatal = fmt.Sprintf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	return checkManifest(text), ""
}

func main() {
	quietKlog()
	batch := flag.Bool("batch", false, "read JSON lines {\"id\",\"yaml\"} on stdin, write one JSON line per case")
	pretty := flag.Bool("pretty", false, "indent the JSON of file mode")
	showVersion := flag.Bool("version", false, "print the Kubernetes release and exit")
	allowPrivileged := flag.Bool("allow-privileged", true, "kube-apiserver --allow-privileged (false is the flag's default; clusters set it true)")
	admission := flag.Bool("admission", true, "reproduce the ServiceAccount admission plugin's defaulting of serviceAccountName on pods")
	flag.Parse()
	admitServiceAccount = *admission
	// kube-apiserver: capabilities.Setup(opts.AllowPrivileged, ...). Without it privileged
	// containers are "Forbidden: disallowed by cluster policy".
	capabilities.Setup(*allowPrivileged, 0)
	if *showVersion {
		fmt.Println(release())
		return
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	if *batch {
		in := bufio.NewReaderSize(os.Stdin, 1<<20)
		for {
			line, err := in.ReadBytes('\n')
			if len(strings.TrimSpace(string(line))) > 0 {
				var c struct {
					ID   string `json:"id"`
					YAML string `json:"yaml"`
				}
				res := Result{Release: release(), Documents: []*Document{}}
				if jerr := json.Unmarshal(line, &c); jerr != nil {
					res.Error = "bad input line: " + jerr.Error()
				} else {
					res.ID = c.ID
					res.Documents, res.Error = check([]byte(c.YAML))
				}
				if res.Documents == nil {
					res.Documents = []*Document{}
				}
				_ = enc.Encode(res)
				// Each answer is flushed so that a driver can pipeline cases.
				_ = out.Flush()
			}
			if err != nil {
				if err != io.EOF {
					fmt.Fprintln(os.Stderr, "oracle:", err)
					os.Exit(2)
				}
				return
			}
		}
	}
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: oracle [--pretty] FILE... | oracle --batch | oracle --version")
		os.Exit(2)
	}
	if *pretty {
		enc.SetIndent("", "  ")
	}
	status := 0
	for _, f := range flag.Args() {
		res := Result{File: f, Release: release(), Documents: []*Document{}}
		b, err := os.ReadFile(f)
		if err != nil {
			res.Error = err.Error()
			status = 2
		} else {
			res.Documents, res.Error = check(b)
			if res.Documents == nil {
				res.Documents = []*Document{}
			}
		}
		_ = enc.Encode(res)
	}
	out.Flush()
	os.Exit(status)
}
