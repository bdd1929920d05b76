using System.Text;
using System.Text.Json;

namespace Metrics.Alerting.Manager.Receivers;

/// <summary>
/// Strings in notification bodies escaped exactly as Go's encoding/json (Go 1.19, HTML escaping on) writes them:
/// <c>&lt; &gt; &amp;</c> and control characters as <c>\u00XX</c>, U+2028/U+2029 escaped, everything else (emoji
/// included) as raw UTF-8, where System.Text.Json's encoders would escape differently.
/// </summary>
internal static class GoJsonText
{
    private const string Hex = "0123456789abcdef";

    public static void WriteString(Utf8JsonWriter w, string name, string value)
    {
        w.WritePropertyName(name);
        WriteStringValue(w, value);
    }

    public static void WriteStringValue(Utf8JsonWriter w, string value)
        => w.WriteRawValue(Quote(value), skipInputValidation: true);

    /// <summary>The JSON string literal, quotes included.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '<' or '>' or '&' or < ' ':
                    sb.Append("\\u00").Append(Hex[c >> 4]).Append(Hex[c & 0xF]);
                    break;
                case '\u2028' or '\u2029':
                    sb.Append(c == '\u2028' ? "\\u2028" : "\\u2029");
                    break;
                default:
                    if (char.IsSurrogate(c))
                    {
                        // A lone surrogate is invalid UTF-8 to Go, which writes the replacement character.
                        if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                        {
                            sb.Append(c).Append(value[++i]);
                            break;
                        }
                        sb.Append("\\ufffd");
                        break;
                    }
                    sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
