using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Metrics.Store.Labels;
using Metrics.Store.Time;

namespace Metrics.Query.Tests.Conformance;

/// <summary>
/// Reads the <c>.test</c> script language the way Prometheus's <c>promqltest</c> package does: lines are
/// trimmed, comment lines become empty lines, a command's body ends at the first empty line. Where upstream
/// would reject the whole file, this parser records the problem on the command so one bad line (for example
/// a series the product parser cannot read yet) fails only the evals it concerns.
/// </summary>
internal static partial class TestScriptParser
{
    private const string RangeVectorPrefix = "expect range vector";
    private const string StringPrefix = "expect string";

    [GeneratedRegex(@"^load(?:_(with_nhcb))?\s+(.+?)$")]
    private static partial Regex LoadPattern();

    [GeneratedRegex(@"^eval(?:_(fail|warn|ordered|info))?\s+instant\s+(?:at\s+(.+?))?\s+(.+)$")]
    private static partial Regex EvalInstantPattern();

    [GeneratedRegex(@"^eval(?:_(fail|warn|info))?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$")]
    private static partial Regex EvalRangePattern();

    [GeneratedRegex(@"^expect\s+(ordered|fail|warn|no_warn|info|no_info)(?:\s+(regex|msg):(.+))?$")]
    private static partial Regex ExpectPattern();

    [GeneratedRegex(@"^" + RangeVectorPrefix + @"\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+)$")]
    private static partial Regex ExpectRangePattern();

    [GeneratedRegex(@"[\t ]+")]
    private static partial Regex SpacePattern();

    public static TestScript Parse(string fileName, string content)
    {
        string[] lines = content.Split('\n');
        for (int k = 0; k < lines.Length; k++)
        {
            string l = lines[k].Trim();
            lines[k] = l.StartsWith('#') ? "" : l;
        }
        var commands = new List<ScriptCommand>();
        for (int i = 0; i < lines.Length; i++)
        {
            string l = lines[i];
            if (l.Length == 0) continue;
            string word = SpacePattern().Split(l, 2)[0].ToLowerInvariant();
            if (word == "clear") commands.Add(new ClearCommand(i + 1));
            else if (word.StartsWith("load", StringComparison.Ordinal)) commands.Add(ParseLoad(lines, ref i));
            else if (word.StartsWith("eval", StringComparison.Ordinal)) commands.Add(ParseEval(lines, ref i));
            else commands.Add(new EvalCommand(i + 1, l, false) { ParseError = $"invalid command \"{l}\"" });
        }
        return new TestScript(fileName, commands);
    }

    private static LoadCommand ParseLoad(string[] lines, ref int i)
    {
        Match m = LoadPattern().Match(lines[i]);
        long interval = 0;
        bool ok = m.Success && PromDuration.TryParseMilliseconds(m.Groups[2].Value, out interval);
        var cmd = new LoadCommand(i + 1, interval, m.Success && m.Groups[1].Value == "with_nhcb");
        if (!ok) cmd.Errors.Add($"line {i + 1}: invalid load command \"{lines[i]}\"");
        while (i + 1 < lines.Length)
        {
            i++;
            string def = lines[i];
            if (def.Length == 0)
            {
                i--;
                break;
            }
            try
            {
                (string series, string values) = SeriesDescription.Split(def);
                if (series.EndsWith("@st", StringComparison.Ordinal))
                {
                    // Start timestamps of the next line's samples: accepted and ignored until the store keeps them.
                    cmd.IgnoredStartTimestampLines++;
                    continue;
                }
                LabelSet labels = SeriesDescription.ParseLabels(series);
                cmd.Series[labels] = ValueSequenceParser.Parse(values);
            }
            catch (FormatException e)
            {
                cmd.Errors.Add($"line {i + 1}: {e.Message}");
            }
        }
        return cmd;
    }

    private static EvalCommand ParseEval(string[] lines, ref int i)
    {
        string header = lines[i];
        Match instant = EvalInstantPattern().Match(header);
        Match range = EvalRangePattern().Match(header);
        EvalCommand cmd;
        if (instant.Success)
        {
            cmd = new EvalCommand(i + 1, instant.Groups[3].Value, false);
            if (PromDuration.TryParseMilliseconds(instant.Groups[2].Value, out long at)) cmd.EvalTimeMs = at;
            else cmd.ParseError = $"invalid timestamp definition \"{instant.Groups[2].Value}\"";
            cmd.StartMs = cmd.EvalTimeMs;
            if (instant.Groups[1].Success) cmd.DeprecatedModifier = instant.Groups[1].Value;
        }
        else if (range.Success)
        {
            cmd = new EvalCommand(i + 1, range.Groups[5].Value, true);
            if (TryParseRange(range.Groups[2].Value, range.Groups[3].Value, range.Groups[4].Value, out long s, out long e, out long st, out string? error))
                (cmd.StartMs, cmd.EndMs, cmd.StepMs) = (s, e, st);
            else cmd.ParseError = error;
            if (range.Groups[1].Success) cmd.DeprecatedModifier = range.Groups[1].Value;
        }
        else
        {
            cmd = new EvalCommand(i + 1, header, false) { ParseError = "invalid evaluation command" };
        }

        bool expectRangeVector = false;
        for (int j = 1; i + 1 < lines.Length; j++)
        {
            i++;
            string def = lines[i];
            if (def.Length == 0)
            {
                i--;
                break;
            }
            if (cmd.DeprecatedModifier == "fail" && def.StartsWith("expected_fail_message", StringComparison.Ordinal))
            {
                cmd.ExpectedFailMessage = def["expected_fail_message".Length..].Trim();
                break;
            }
            if (cmd.DeprecatedModifier == "fail" && def.StartsWith("expected_fail_regexp", StringComparison.Ordinal))
            {
                cmd.ExpectedFailRegex = TryRegex(def["expected_fail_regexp".Length..].Trim(), cmd);
                break;
            }
            if (def.StartsWith(RangeVectorPrefix, StringComparison.Ordinal))
            {
                Match rm = ExpectRangePattern().Match(def);
                if (rm.Success && TryParseRange(rm.Groups[1].Value, rm.Groups[2].Value, rm.Groups[3].Value, out long s, out long e, out long st, out string? error))
                {
                    (cmd.StartMs, cmd.EndMs, cmd.StepMs, cmd.EvalTimeMs) = (s, e, st, e);
                    expectRangeVector = true;
                    cmd.ExcludeFromRangeQuery = true;
                }
                else
                {
                    cmd.ParseError ??= $"invalid range vector definition \"{def}\"";
                }
                continue;
            }
            if (def.StartsWith(StringPrefix, StringComparison.Ordinal))
            {
                if (TryUnquote(def == StringPrefix ? "" : def[(StringPrefix.Length + 1)..], out string? text))
                    cmd.ExpectedString = text;
                else cmd.ParseError ??= "expected string literal not valid";
                cmd.ExcludeFromRangeQuery = true;
                continue;
            }
            if (def.Split(' ')[0] == "expect")
            {
                ParseExpect(def, cmd);
                j--;
                continue;
            }
            if (ValueSequenceParser.TryParseNumber(def, out double scalar))
            {
                cmd.ExpectScalar = true;
                cmd.ExpectedScalar = scalar;
                break;
            }
            try
            {
                (string series, string values) = SeriesDescription.Split(def);
                LabelSet labels = SeriesDescription.ParseLabels(series);
                List<SequenceValue> vals = ValueSequenceParser.Parse(values);
                if (vals.Count > 1 && !cmd.IsRange && !expectRangeVector)
                    throw new FormatException("expecting multiple values in instant evaluation not allowed");
                if (vals.Exists(v => v.IsHistogram)) cmd.ExpectsHistogram = true;
                cmd.ExpectScalar = false;
                cmd.Expected[labels] = (j, vals);
            }
            catch (FormatException e)
            {
                cmd.ParseError ??= $"line {i + 1}: {e.Message}";
            }
        }
        return cmd;
    }

    private static void ParseExpect(string def, EvalCommand cmd)
    {
        Match m = ExpectPattern().Match(def.Trim());
        if (!m.Success)
        {
            cmd.ParseError ??= $"invalid expect statement \"{def}\"";
            return;
        }
        ExpectKind kind = m.Groups[1].Value switch
        {
            "ordered" => ExpectKind.Ordered,
            "fail" => ExpectKind.Fail,
            "warn" => ExpectKind.Warn,
            "no_warn" => ExpectKind.NoWarn,
            "info" => ExpectKind.Info,
            _ => ExpectKind.NoInfo,
        };
        Expectation e = Expectation.Any;
        if (m.Groups[2].Success)
        {
            string text = m.Groups[3].Value.Trim();
            e = m.Groups[2].Value == "msg" ? new Expectation(text, null) : new Expectation(null, TryRegex(text, cmd));
        }
        cmd.Add(kind, e);
        if ((cmd.Has(ExpectKind.Info) && cmd.Has(ExpectKind.NoInfo)) || (cmd.Has(ExpectKind.Warn) && cmd.Has(ExpectKind.NoWarn)))
            cmd.ParseError ??= "invalid expect lines: warn/info combined with no_warn/no_info";
        if (cmd.Expects.TryGetValue(ExpectKind.Fail, out var fails) && fails.Count > 1)
            cmd.ParseError ??= "invalid expect lines, multiple expect fail lines are not allowed";
    }

    private static Regex? TryRegex(string pattern, EvalCommand cmd)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            cmd.ParseError ??= $"invalid regex {pattern}";
            return null;
        }
    }

    private static bool TryParseRange(string from, string to, string step, out long start, out long end, out long stepMs, out string? error)
    {
        error = null;
        end = stepMs = 0;
        if (!PromDuration.TryParseMilliseconds(from, out start)) error = $"invalid start timestamp definition \"{from}\"";
        else if (!PromDuration.TryParseMilliseconds(to, out end)) error = $"invalid end timestamp definition \"{to}\"";
        else if (end < start) error = $"invalid test definition, end timestamp ({to}) is before start timestamp ({from})";
        else if (!PromDuration.TryParseMilliseconds(step, out stepMs)) error = $"invalid step definition \"{step}\"";
        return error is null;
    }

    /// <summary>Go's <c>strconv.Unquote</c> for the forms the files use: "..." with escapes, `...` raw, '.'.</summary>
    private static bool TryUnquote(string s, out string? text)
    {
        text = null;
        if (s.Length < 2 || s[0] != s[^1] || s[0] is not ('"' or '`' or '\'')) return false;
        string body = s[1..^1];
        if (s[0] == '`')
        {
            if (body.Contains('`', StringComparison.Ordinal)) return false;
            text = body;
            return true;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (c == s[0]) return false;
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (++i >= body.Length) return false;
            switch (body[i])
            {
                case 'a': sb.Append('\a'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'v': sb.Append('\v'); break;
                case '\\' or '"' or '\'': sb.Append(body[i]); break;
                case 'x' or 'u' or 'U':
                    int len = body[i] switch { 'x' => 2, 'u' => 4, _ => 8 };
                    if (i + len >= body.Length ||
                        !int.TryParse(body.AsSpan(i + 1, len), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out int code))
                        return false;
                    sb.Append(char.ConvertFromUtf32(code));
                    i += len;
                    break;
                default: return false;
            }
        }
        if (s[0] == '\'' && sb.Length != 1) return false;
        text = sb.ToString();
        return true;
    }
}
