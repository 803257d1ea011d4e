// Command xsoar-host runs an XSOAR JavaScript script the way the XSOAR server does — as a function
// body inside an embedded Go ES5 interpreter (robertkrimen/otto) with the platform globals — and
// prints one JSON document describing the run. It is the "real interpreter" of the project's tests.
//
// It provides only the platform globals (args, params, command, http, wait, log*, integration
// context, executeCommand, version helpers, entryTypes, formats, invContext, incidents,
// investigation, demistoUrls) and nothing of CommonServer.js: the bundle must not depend on it.
//
// Build offline from Debian packages golang-go + golang-github-robertkrimen-otto-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o xsoar-host ./test/xsoar-host
//
// Usage:
//
//	xsoar-host --code script.js [--input run.json] [--context ctx.json] [--version 6.10.0]
//	           [--real-wait] [--timeout 60] [--http-timeout 30]
//
// run.json (all optional): {"command", "args", "params", "executeCommand": {name: entries},
// "invContext", "incidents", "investigation", "version", "buildNumber", "platform"}.
// The YAML is not parsed here (Debian's otto package brings no YAML library); the Node helper
// test/xsoar/host.ts extracts script.script from a unified YAML and passes it as --code.
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/robertkrimen/otto"
)

type input struct {
	Command        string                     `json:"command"`
	Args           json.RawMessage            `json:"args"`
	Params         json.RawMessage            `json:"params"`
	ExecuteCommand map[string]json.RawMessage `json:"executeCommand"`
	InvContext     json.RawMessage            `json:"invContext"`
	Incidents      json.RawMessage            `json:"incidents"`
	Investigation  json.RawMessage            `json:"investigation"`
	Version        string                     `json:"version"`
	BuildNumber    string                     `json:"buildNumber"`
	Platform       string                     `json:"platform"`
}

type logLine struct {
	Level   string `json:"level"`
	Message string `json:"message"`
}

type commandCall struct {
	Name string          `json:"name"`
	Args json.RawMessage `json:"args"`
}

type httpCall struct {
	Method   string `json:"method"`
	URL      string `json:"url"`
	Status   int    `json:"status"`
	Insecure bool   `json:"insecure"`
	Proxy    bool   `json:"proxy"`
	Ms       int64  `json:"ms"`
	Error    string `json:"error,omitempty"`
}

type output struct {
	Engine              string          `json:"engine"`
	Result              json.RawMessage `json:"result"`
	Logs                []logLine       `json:"logs"`
	Context             json.RawMessage `json:"context"`
	ExecuteCommandCalls []commandCall   `json:"executeCommandCalls"`
	HTTPCalls           []httpCall      `json:"httpCalls"`
	Waits               []float64       `json:"waits"`
	WaitedSeconds       float64         `json:"waitedSeconds"`
	Warnings            []string        `json:"warnings"`
	Error               string          `json:"error,omitempty"`
	ErrorStack          string          `json:"errorStack,omitempty"`
	// Timings: setupMs = interpreter + globals, runMs = compile + run of the script (compileMs is
	// the compile part: otto's parse of the whole script, paid on every command),
	// totalMs = whole process from start to printing (excludes only process exec and Go runtime init).
	SetupMs   float64 `json:"setupMs"`
	RunMs     float64 `json:"runMs"`
	CompileMs float64 `json:"compileMs"`
	TotalMs   float64 `json:"totalMs"`
}

type host struct {
	vm          *otto.Otto
	out         *output
	context     json.RawMessage
	ctxVersion  int
	realWait    bool
	httpClient  *http.Client
	canned      map[string]json.RawMessage
	version     string
	buildNumber string
	platform    string
}

func main() {
	start := time.Now()
	codeFile := flag.String("code", "", "file with the script code (an XSOAR function body)")
	inputFile := flag.String("input", "", "JSON file with command, args, params, executeCommand, invContext, incidents, version")
	contextFile := flag.String("context", "", "JSON file holding the integration context; read before and written after the run")
	version := flag.String("version", "", "XSOAR server version reported by getDemistoVersion/isDemistoVersionGE (default 6.10.0)")
	realWait := flag.Bool("real-wait", false, "make wait(seconds) really sleep (default: recorded and skipped)")
	timeout := flag.Float64("timeout", 60, "abort the script after this many seconds")
	httpTimeout := flag.Float64("http-timeout", 30, "per-request timeout of http(), seconds")
	flag.Parse()

	out := &output{Engine: "otto", Logs: []logLine{}, ExecuteCommandCalls: []commandCall{}, HTTPCalls: []httpCall{}, Waits: []float64{}, Warnings: []string{}}
	finish := func() {
		out.TotalMs = ms(time.Since(start))
		enc := json.NewEncoder(os.Stdout)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			fmt.Fprintln(os.Stderr, "xsoar-host: cannot encode output:", err)
			os.Exit(2)
		}
	}
	fatal := func(msg string) {
		fmt.Fprintln(os.Stderr, "xsoar-host: "+msg)
		os.Exit(2)
	}

	if *codeFile == "" {
		fatal("--code is required")
	}
	code, err := ioutil.ReadFile(*codeFile)
	if err != nil {
		fatal(err.Error())
	}
	in := input{}
	if *inputFile != "" {
		raw, err := ioutil.ReadFile(*inputFile)
		if err != nil {
			fatal(err.Error())
		}
		if err := json.Unmarshal(raw, &in); err != nil {
			fatal("bad --input JSON: " + err.Error())
		}
	}
	if *version != "" {
		in.Version = *version
	}
	if in.Version == "" {
		in.Version = "6.10.0"
	}
	if in.BuildNumber == "" {
		in.BuildNumber = "12345"
	}
	if in.Platform == "" {
		in.Platform = "xsoar"
	}

	ctx := json.RawMessage("{}")
	if *contextFile != "" {
		raw, err := ioutil.ReadFile(*contextFile)
		if err == nil && len(bytes.TrimSpace(raw)) > 0 {
			if !json.Valid(raw) {
				fatal("integration context file is not valid JSON: " + *contextFile)
			}
			ctx = json.RawMessage(raw)
		} else if err != nil && !os.IsNotExist(err) {
			fatal(err.Error())
		}
	}

	vm := otto.New()
	h := &host{
		vm: vm, out: out, context: ctx, realWait: *realWait,
		httpClient: &http.Client{
			Timeout: time.Duration(*httpTimeout * float64(time.Second)),
			// Redirects are followed only to loopback too.
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if !isLoopback(req.URL.Hostname()) {
					return errors.New("redirect to non-loopback host " + req.URL.Hostname() + " refused")
				}
				return nil
			},
			Transport: &http.Transport{Proxy: nil},
		},
		canned: in.ExecuteCommand, version: in.Version, buildNumber: in.BuildNumber, platform: in.Platform,
	}
	h.installGlobals(in)
	out.SetupMs = ms(time.Since(start))

	// Watchdog: otto checks Interrupt between statements.
	vm.Interrupt = make(chan func(), 1)
	timer := time.AfterFunc(time.Duration(*timeout*float64(time.Second)), func() {
		vm.Interrupt <- func() { panic(errTimeout) }
	})

	runStart := time.Now()
	result, runErr := h.run(string(code))
	out.RunMs = ms(time.Since(runStart))
	timer.Stop()

	if runErr != nil {
		out.Error, out.ErrorStack = describeError(runErr)
	} else {
		out.Result = result
	}
	out.Context = h.context
	if *contextFile != "" {
		if err := ioutil.WriteFile(*contextFile, h.context, 0o644); err != nil {
			fatal("cannot write integration context: " + err.Error())
		}
	}
	finish()
}

var errTimeout = errors.New("script timed out")

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// run wraps the code as XSOAR does (a function body: top-level `return` yields the result).
func (h *host) run(code string) (res json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			if r == errTimeout {
				err = errTimeout
				return
			}
			err = fmt.Errorf("host panic: %v", r)
		}
	}()
	// Same line as the code so error line numbers match the script file.
	compileStart := time.Now()
	script, err := h.vm.Compile("script.js", "(function () {"+code+"\n})()")
	h.out.CompileMs = ms(time.Since(compileStart))
	if err != nil {
		return nil, err
	}
	value, err := h.vm.Run(script)
	if err != nil {
		return nil, err
	}
	return h.toJSON(value), nil
}

func describeError(err error) (string, string) {
	if oe, ok := err.(*otto.Error); ok {
		return oe.Error(), oe.String()
	}
	return err.Error(), ""
}

// toJSON serialises a JS value with the interpreter's own JSON.stringify (undefined → null).
func (h *host) toJSON(v otto.Value) json.RawMessage {
	if v.IsUndefined() || v.IsNull() {
		return json.RawMessage("null")
	}
	s, err := h.vm.Call("JSON.stringify", nil, v)
	if err != nil {
		h.throw(err.Error())
	}
	if s.IsUndefined() {
		return json.RawMessage("null")
	}
	return json.RawMessage(s.String())
}

// fromJSON turns JSON into a JS value with the interpreter's JSON.parse.
func (h *host) fromJSON(raw []byte) otto.Value {
	if len(bytes.TrimSpace(raw)) == 0 {
		return otto.UndefinedValue()
	}
	v, err := h.vm.Call("JSON.parse", nil, string(raw))
	if err != nil {
		h.throw("host: cannot convert value: " + err.Error())
	}
	return v
}

func (h *host) mustJSON(x interface{}) otto.Value {
	raw, err := json.Marshal(x)
	if err != nil {
		h.throw("host: " + err.Error())
	}
	return h.fromJSON(raw)
}

// throw raises a JavaScript Error inside the running script.
func (h *host) throw(msg string) {
	panic(h.vm.MakeCustomError("Error", msg))
}

func (h *host) set(name string, v interface{}) {
	if err := h.vm.Set(name, v); err != nil {
		panic(err)
	}
}

func (h *host) setJSON(name string, raw json.RawMessage, def string) {
	if len(bytes.TrimSpace(raw)) == 0 {
		raw = json.RawMessage(def)
	}
	h.set(name, h.fromJSON(raw))
}

func (h *host) installGlobals(in input) {
	h.set("command", in.Command)
	h.setJSON("args", in.Args, "{}")
	h.setJSON("params", in.Params, "{}")
	h.setJSON("invContext", in.InvContext, "{}")
	h.setJSON("incidents", in.Incidents, `[{"id":"1","name":"Test incident","labels":[],"CustomFields":{}}]`)
	h.setJSON("investigation", in.Investigation, `{"id":"1"}`)
	h.setJSON("entryTypes", nil, `{"note":1,"downloadAgent":2,"file":3,"error":4,"pinned":5,"userManagement":6,"image":7,"playgroundError":8,"entryInfoFile":9,"map":15,"widget":17}`)
	h.setJSON("formats", nil, `{"html":"html","table":"table","json":"json","text":"text","dbotResponse":"dbotCommandResponse","markdown":"markdown"}`)

	h.set("log", h.logger("log"))
	h.set("logDebug", h.logger("debug"))
	h.set("logInfo", h.logger("info"))
	h.set("logError", h.logger("error"))
	if console, err := h.vm.Object("({})"); err == nil {
		console.Set("log", h.logger("console"))
		console.Set("info", h.logger("console"))
		console.Set("warn", h.logger("console"))
		console.Set("error", h.logger("console.error"))
		h.set("console", console)
	}

	h.set("wait", func(call otto.FunctionCall) otto.Value {
		secs, err := call.Argument(0).ToFloat()
		if err != nil || secs != secs || secs < 0 {
			h.throw("wait(seconds): seconds must be a non-negative number")
		}
		h.out.Waits = append(h.out.Waits, secs)
		h.out.WaitedSeconds += secs
		if h.realWait {
			time.Sleep(time.Duration(secs * float64(time.Second)))
		}
		return otto.UndefinedValue()
	})

	h.set("getIntegrationContext", func(call otto.FunctionCall) otto.Value {
		if b, _ := call.Argument(0).ToBoolean(); b && call.Argument(0).IsBoolean() {
			// Versioned form (≥ 6.2): {context, version}.
			return h.fromJSON([]byte(fmt.Sprintf(`{"context":%s,"version":%d}`, h.context, h.ctxVersion)))
		}
		return h.fromJSON(h.context)
	})
	h.set("setIntegrationContext", func(call otto.FunctionCall) otto.Value {
		v := call.Argument(0)
		if !v.IsObject() {
			h.throw("setIntegrationContext(obj): obj must be an object")
		}
		if call.Argument(1).IsDefined() && call.Argument(2).IsBoolean() {
			want, _ := call.Argument(1).ToInteger()
			if int(want) != h.ctxVersion && want != -1 {
				return h.mustJSON(map[string]string{"Error": "integration context version conflict"})
			}
		}
		raw := h.toJSON(v)
		h.checkContextValues(raw)
		h.context = raw
		h.ctxVersion++
		return h.mustJSON(map[string]interface{}{})
	})

	h.set("executeCommand", func(call otto.FunctionCall) otto.Value {
		name, _ := call.Argument(0).ToString()
		argsRaw := json.RawMessage("{}")
		if call.Argument(1).IsDefined() {
			argsRaw = h.toJSON(call.Argument(1))
		}
		h.out.ExecuteCommandCalls = append(h.out.ExecuteCommandCalls, commandCall{Name: name, Args: argsRaw})
		if entries, ok := h.canned[name]; ok {
			return h.fromJSON(entries)
		}
		return h.mustJSON([]map[string]interface{}{{
			"Type": 4, "ContentsFormat": "text", "Contents": "Unsupported Command : " + name,
		}})
	})

	h.set("getDemistoVersion", func(call otto.FunctionCall) otto.Value {
		return h.mustJSON(map[string]string{"version": h.version, "buildNumber": h.buildNumber, "platform": h.platform})
	})
	h.set("demistoVersion", func(call otto.FunctionCall) otto.Value {
		return h.mustJSON(map[string]string{"version": h.version, "buildNumber": h.buildNumber, "platform": h.platform})
	})
	h.set("isDemistoVersionGE", func(call otto.FunctionCall) otto.Value {
		want, _ := call.Argument(0).ToString()
		c := compareVersions(h.version, want)
		if c == 0 && call.Argument(1).IsDefined() {
			b, _ := call.Argument(1).ToString()
			have, _ := strconv.Atoi(h.buildNumber)
			wantB, _ := strconv.Atoi(b)
			v, _ := h.vm.ToValue(have >= wantB)
			return v
		}
		v, _ := h.vm.ToValue(c >= 0)
		return v
	})
	h.set("demistoUrls", func(call otto.FunctionCall) otto.Value {
		return h.mustJSON(map[string]string{
			"server": "https://xsoar.test", "investigation": "https://xsoar.test/#/Details/1",
			"warRoom": "https://xsoar.test/#/WarRoom/1", "workPlan": "https://xsoar.test/#/WorkPlan/1",
		})
	})

	h.set("http", h.httpGlobal)
}

// checkContextValues warns about non-string top-level values: the XSOAR docs require strings.
func (h *host) checkContextValues(raw json.RawMessage) {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if v := bytes.TrimSpace(m[k]); len(v) > 0 && v[0] != '"' {
			h.out.Warnings = append(h.out.Warnings, "setIntegrationContext: value of "+strconv.Quote(k)+" is not a string (XSOAR documents string values; store JSON strings)")
		}
	}
}

func (h *host) logger(level string) func(otto.FunctionCall) otto.Value {
	return func(call otto.FunctionCall) otto.Value {
		parts := make([]string, 0, len(call.ArgumentList))
		for _, a := range call.ArgumentList {
			if a.IsObject() {
				parts = append(parts, string(h.toJSON(a)))
			} else {
				s, _ := a.ToString()
				parts = append(parts, s)
			}
		}
		h.out.Logs = append(h.out.Logs, logLine{Level: level, Message: strings.Join(parts, " ")})
		return otto.UndefinedValue()
	}
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// httpGlobal implements http(url, request, insecure, proxy): synchronous, PascalCase objects,
// header values as arrays of strings. Only loopback targets: tests must never reach the network.
func (h *host) httpGlobal(call otto.FunctionCall) otto.Value {
	rawURL, _ := call.Argument(0).ToString()
	insecure, _ := call.Argument(2).ToBoolean()
	proxy, _ := call.Argument(3).ToBoolean()
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		h.throw("http(): invalid URL " + strconv.Quote(rawURL))
	}
	if !isLoopback(u.Hostname()) {
		h.throw("http(): " + u.Hostname() + " is not a loopback host; the XSOAR test host only reaches 127.0.0.1/localhost")
	}

	var req struct {
		Method     string
		Headers    map[string]json.RawMessage
		Body       *string
		Username   string
		Password   string
		SaveToFile bool
		Timeout    float64
	}
	if call.Argument(1).IsObject() {
		if err := json.Unmarshal(h.toJSON(call.Argument(1)), &req); err != nil {
			h.throw("http(): bad request object: " + err.Error())
		}
	}
	if req.SaveToFile {
		h.throw("http(): SaveToFile is not supported by the test host")
	}
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = "GET"
	}
	var body io.Reader
	if req.Body != nil {
		body = strings.NewReader(*req.Body)
	}
	hreq, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		h.throw("http(): " + err.Error())
	}
	for name, raw := range req.Headers {
		var list []string
		var one string
		if json.Unmarshal(raw, &list) == nil {
			for _, v := range list {
				hreq.Header.Add(name, v)
			}
		} else if json.Unmarshal(raw, &one) == nil {
			hreq.Header.Add(name, one)
		} else {
			h.throw("http(): header " + name + " must be a string or an array of strings")
		}
	}
	if req.Username != "" || req.Password != "" {
		hreq.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(req.Username+":"+req.Password)))
	}

	client := h.httpClient
	if req.Timeout > 0 {
		c := *h.httpClient
		c.Timeout = time.Duration(req.Timeout * float64(time.Second))
		client = &c
	}
	t0 := time.Now()
	rec := httpCall{Method: method, URL: u.Scheme + "://" + u.Host + u.Path, Insecure: insecure, Proxy: proxy}
	resp, err := client.Do(hreq)
	if err != nil {
		rec.Ms = time.Since(t0).Milliseconds()
		rec.Error = err.Error()
		h.out.HTTPCalls = append(h.out.HTTPCalls, rec)
		h.throw("http(): request failed: " + err.Error())
	}
	data, err := ioutil.ReadAll(resp.Body)
	resp.Body.Close()
	rec.Ms = time.Since(t0).Milliseconds()
	rec.Status = resp.StatusCode
	if err != nil {
		rec.Error = err.Error()
		h.out.HTTPCalls = append(h.out.HTTPCalls, rec)
		h.throw("http(): reading body failed: " + err.Error())
	}
	h.out.HTTPCalls = append(h.out.HTTPCalls, rec)
	headers := map[string][]string{}
	for k, v := range resp.Header {
		headers[k] = v
	}
	return h.mustJSON(map[string]interface{}{
		"StatusCode": resp.StatusCode,
		"Status":     resp.Status,
		"Body":       string(data),
		"Headers":    headers,
	})
}

// compareVersions compares dotted numeric versions ("6.10.0" > "6.9.1").
func compareVersions(a, b string) int {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(pa) || i < len(pb); i++ {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return 0
}
