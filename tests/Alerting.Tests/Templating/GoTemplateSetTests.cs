using Metrics.Alerting.Templating;

namespace Metrics.Alerting.Tests.Templating;

public sealed class GoTemplateSetTests
{
    private static GoTemplateSet Set(params (string, string)[] sources) => GoTemplateSet.Parse(TemplateFunctionSet.Alertmanager, sources);

    [Fact]
    public void ALaterDefinitionReplacesAnEarlierOneUnlessItIsEmpty()
    {
        GoTemplateSet set = Set(("a.tmpl", "{{ define \"x\" }}first{{ end }}{{ define \"y\" }}kept{{ end }}"),
            ("b.tmpl", "{{ define \"x\" }}second{{ end }}{{ define \"y\" }} \n {{ end }}"));
        Assert.Equal("second kept", set.ExecuteText("{{ template \"x\" }} {{ template \"y\" }}", null));
        Assert.True(set.IsDefined("a.tmpl"));   // a file is a template of its own, named by the file
    }

    [Fact]
    public void DefinesInARenderedTextStayLocalToThatText()
    {
        GoTemplateSet set = Set(("a.tmpl", "{{ define \"x\" }}shared{{ end }}"));
        Assert.Equal("local", set.ExecuteText("{{ define \"x\" }}local{{ end }}{{ template \"x\" }}", null));
        Assert.Equal("shared", set.ExecuteText("{{ template \"x\" }}", null));
    }

    [Fact]
    public void TwoNonEmptyDefinitionsInOneFileAreAnError()
    {
        var e = Assert.Throws<TemplateException>(() => Set(("a.tmpl", "{{ define \"x\" }}1{{ end }}\n{{ define \"x\" }}2{{ end }}")));
        Assert.Equal("a.tmpl", e.SourceName);
        Assert.Equal("template: a.tmpl:2: template: multiple definition of template \"x\"", e.Message);
    }

    [Theory]
    [InlineData(TemplateFunctionSet.Alertmanager, "{{ humanize 1 }}", "function \"humanize\" not defined")]
    [InlineData(TemplateFunctionSet.Prometheus, "{{ join \",\" . }}", "function \"join\" not defined")]
    [InlineData(TemplateFunctionSet.Prometheus, "{{ stringSlice }}", "function \"stringSlice\" not defined")]
    public void EachSideHasItsOwnFunctions(TemplateFunctionSet functions, string text, string problem)
        => Assert.Contains(problem, Assert.Throws<TemplateException>(() => GoTemplateSet.Parse(functions, [("t", text)])).Message);

    [Fact]
    public void EveryFunctionHasAGoSignature()
    {
        foreach (string name in TemplateFunctions.Names.Union(TemplateFunctions.AlertmanagerNames))
            Assert.NotNull(TemplateFunctions.Signature(name));
    }

    [Fact]
    public void AnErrorInsideADefineNamesTheDefineAndItsFile()
    {
        GoTemplateSet set = Set(("lib.tmpl", "\n{{ define \"x\" }}\n  {{ .Nope }}{{ end }}"));
        var e = Assert.Throws<TemplateException>(() => set.ExecuteText("{{ template \"x\" 1 }}", null));
        Assert.Equal("template: lib.tmpl:3:5: executing \"x\" at <.Nope>: can't evaluate field Nope in type int", e.Message);
    }

    [Theory]
    [InlineData("2006-01-02 15:04:05.000 MST", "2026-03-07 09:05:03.120 UTC")]
    [InlineData("Mon Jan _2 3:04PM", "Sat Mar  7 9:05AM")]
    [InlineData("Monday, 02-Jan-06 15:04:05 Z07:00 -0700", "Saturday, 07-Mar-26 09:05:03 Z +0000")]
    [InlineData("January 2 .999999 ,000", "March 7 .12 ,120")]
    [InlineData("002 pm", "066 am")]
    public void TimesFormatWithGosReferenceLayout(string layout, string expected)
    {
        var t = new DateTimeOffset(2026, 3, 7, 9, 5, 3, 120, TimeSpan.Zero);
        Assert.Equal(expected, Set().ExecuteText($"{{{{ .Format {Quote(layout)} }}}}", t));
    }

    [Theory]
    [InlineData("{{ slice \"abcdef\" 1 3 }}", "bc")]
    [InlineData("{{ slice . 1 }}", "[b c]")]
    [InlineData("{{ index . 2 }}", "c")]
    [InlineData("{{ printf \"%q %5s|\" . \"x\" }}", "[\"a\" \"b\" \"c\"]     x|")]
    public void SlicesIndexesAndPrintfOnLists(string text, string expected)
        => Assert.Equal(expected, Set().ExecuteText(text, new List<string> { "a", "b", "c" }));

    private static string Quote(string s) => "\"" + s + "\"";
}
