package steps_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/features/steps"
)

// TestDocExamplesAreSteps checks that every example in the step tables of
// docs/bdd.md is a step the library defines: each becomes the only step of a
// scenario, and none may come out undefined. (Whether it then passes does
// not matter here: no app is configured. The scenarios in features/ check
// behaviour.)
func TestDocExamplesAreSteps(t *testing.T) {
	doc, err := os.ReadFile("../../docs/bdd.md")
	if err != nil {
		t.Fatal(err)
	}
	en, zh := docExamples(t, string(doc))
	if len(en) < 50 || len(zh) < 20 {
		t.Fatalf("found %d English and %d 中文 examples in docs/bdd.md; the tables moved?", len(en), len(zh))
	}
	features := []godog.Feature{
		{Name: "en.feature", Contents: []byte(exampleFeature("", "Feature: docs examples\n", "  Scenario: %d\n    %s\n", en))},
		{Name: "zh.feature", Contents: []byte(exampleFeature("# language: zh-CN\n", "功能: 文档例子\n", "  场景: %d\n    %s\n", zh))},
	}
	t.Logf("%d English and %d 中文 examples", len(en), len(zh))
	var report bytes.Buffer
	suite := godog.TestSuite{
		ScenarioInitializer: func(sc *godog.ScenarioContext) { steps.Register(sc, steps.Config{Mock: steps.InProcess()}) },
		Options: &godog.Options{Format: "cucumber", Output: &report, FeatureContents: features,
			Concurrency: 8},
	}
	suite.Run()
	var results []struct {
		Elements []struct {
			Steps []struct {
				Name   string `json:"name"`
				Result struct {
					Status string `json:"status"`
				} `json:"result"`
			} `json:"steps"`
		} `json:"elements"`
	}
	if err := json.Unmarshal(report.Bytes(), &results); err != nil {
		t.Fatalf("cucumber report: %v", err)
	}
	checked := 0
	for _, f := range results {
		for _, sc := range f.Elements {
			for _, st := range sc.Steps {
				checked++
				if st.Result.Status == "undefined" {
					t.Errorf("docs/bdd.md example is not a defined step: %q", st.Name)
				}
			}
		}
	}
	if checked != len(en)+len(zh) {
		t.Errorf("checked %d steps, want %d", checked, len(en)+len(zh))
	}
}

var (
	exampleCell = regexp.MustCompile("\\| `((?:Given|When|Then|And|But|假如|当|那么|并且|而且|但是)[^`]*)` \\|\\s*$")
	enKeyword   = regexp.MustCompile(`^(Given|When|Then|And|But) `)
)

// docExamples returns the examples of the step tables of docs/bdd.md
// (its "The steps" section), English and 中文.
func docExamples(t *testing.T, doc string) (en, zh []string) {
	start := strings.Index(doc, "\n## The steps\n")
	if start < 0 {
		t.Fatal("docs/bdd.md has no \"The steps\" section")
	}
	start++
	section := doc[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	for _, line := range strings.Split(section, "\n") {
		m := exampleCell.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		if enKeyword.MatchString(m[1]) {
			en = append(en, m[1])
		} else {
			zh = append(zh, m[1])
		}
	}
	return en, zh
}

func exampleFeature(header, feature, scenario string, examples []string) string {
	var b strings.Builder
	b.WriteString(header)
	b.WriteString(feature)
	for i, e := range examples {
		fmt.Fprintf(&b, scenario, i+1, e)
	}
	return b.String()
}
