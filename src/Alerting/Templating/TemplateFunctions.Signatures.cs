namespace Metrics.Alerting.Templating;

// What Go checks a function's arguments against before calling it (exec.go's evalCall): the count, and each
// argument's type. Kept apart from the function bodies; every function in the map has an entry here.
internal static partial class TemplateFunctions
{
    private static readonly string[] s_string = ["string"];
    private static readonly string[] s_any = ["any"];

    // The Go parameter types of each function: what Go checks the arguments against before calling it.
    private static readonly Dictionary<string, FunctionSignature> s_signatures = new(StringComparer.Ordinal)
    {
        ["and"] = new(s_any, "any"), ["or"] = new(s_any, "any"), ["not"] = new(s_any), ["len"] = new(s_any),
        ["index"] = new(s_any, "any"), ["slice"] = new(s_any, "any"), ["print"] = new([], "any"), ["println"] = new([], "any"),
        ["printf"] = new(s_string, "any"), ["eq"] = new(s_any, "any"), ["ne"] = new(["any", "any"]), ["lt"] = new(["any", "any"]),
        ["le"] = new(["any", "any"]), ["gt"] = new(["any", "any"]), ["ge"] = new(["any", "any"]),
        ["html"] = new([], "any"), ["js"] = new([], "any"), ["urlquery"] = new([], "any"),
        ["query"] = new(s_string), ["first"] = new(["template.queryResult"]), ["label"] = new(["string", "*template.sample"]),
        ["value"] = new(["*template.sample"]), ["strvalue"] = new(["*template.sample"]), ["args"] = new([], "any"),
        ["reReplaceAll"] = new(["string", "string", "string"]), ["safeHtml"] = new(s_string), ["match"] = new(["string", "string"]),
        ["title"] = new(s_string), ["toUpper"] = new(s_string), ["toLower"] = new(s_string),
        ["graphLink"] = new(s_string), ["tableLink"] = new(s_string), ["sortByLabel"] = new(["string", "template.queryResult"]),
        ["humanize"] = new(s_any), ["humanize1024"] = new(s_any), ["humanizeDuration"] = new(s_any), ["humanizePercentage"] = new(s_any),
        ["humanizeTimestamp"] = new(s_any), ["toTime"] = new(s_any), ["pathPrefix"] = new([]), ["externalURL"] = new([]),
        ["parseDuration"] = new(s_string), ["stripPort"] = new(s_string),
        ["join"] = new(["string", "[]string"]), ["stringSlice"] = new([], "string"),
    };

    public static FunctionSignature Signature(string name) => s_signatures[name];

    /// <summary>Whether <paramref name="value"/> can be passed for a parameter of Go type <paramref name="type"/>.</summary>
    public static bool Fits(object? value, string type) => type switch
    {
        "string" => value is string,
        "[]string" => value is null or IEnumerable<string>
            || (value is System.Collections.IEnumerable list and not string and not IReadOnlyDictionary<string, string> && list.Cast<object?>().All(x => x is string)),
        "*template.sample" => value is null or TemplateSample,
        "template.queryResult" => value is null or IReadOnlyList<TemplateSample>,
        _ => true,
    };
}
