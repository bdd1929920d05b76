using System.Text;
using Metrics.Store.Samples;

namespace Metrics.Collector.SelfMonitoring;

/// <summary>Writes metric families in the Prometheus text format 0.0.4.</summary>
public sealed class TextExpositionWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _out = new(4096);

    /// <summary>Writes the HELP and TYPE lines that open a family.</summary>
    public void WriteFamilyHeader(string name, string help, string type)
    {
        _out.Append("# HELP ").Append(name).Append(' ');
        foreach (char c in help)
        {
            if (c == '\\') _out.Append("\\\\");
            else if (c == '\n') _out.Append("\\n");
            else _out.Append(c);
        }
        _out.Append('\n');
        _out.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    /// <summary>Writes one sample line; label names must already be valid.</summary>
    public void WriteSample(string name, ReadOnlySpan<KeyValuePair<string, string>> labels, double value, string? extraName = null, string? extraValue = null)
    {
        _out.Append(name);
        if (labels.Length > 0 || extraName is not null)
        {
            _out.Append('{');
            bool first = true;
            foreach (var (k, v) in labels)
            {
                if (!first) _out.Append(',');
                first = false;
                AppendLabel(k, v);
            }
            if (extraName is not null)
            {
                if (!first) _out.Append(',');
                AppendLabel(extraName, extraValue ?? "");
            }
            _out.Append('}');
        }
        _out.Append(' ').Append(PromFloat.Format(value)).Append('\n');
    }

    private void AppendLabel(string name, string value)
    {
        _out.Append(name).Append("=\"");
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': _out.Append("\\\\"); break;
                case '"': _out.Append("\\\""); break;
                case '\n': _out.Append("\\n"); break;
                default: _out.Append(c); break;
            }
        }
        _out.Append('"');
    }

    public override string ToString() => _out.ToString();
}
