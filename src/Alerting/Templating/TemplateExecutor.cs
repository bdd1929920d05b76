using Metrics.Query.Parser;

namespace Metrics.Alerting.Templating;

/// <summary>Walks a template's parse tree over data, writing the output; errors read like Go's "executing" errors.</summary>
internal sealed class TemplateExecutor(IReadOnlyDictionary<string, TemplateDefinition> defines, TemplateOptions options, System.Text.StringBuilder output)
{
    private const int MaxDepth = 100000;
    private const int MaxTemplateDepth = 100;
    private readonly List<(string Name, object? Value)> _variables = [];
    private int _templateDepth;
    private int _steps;

    // The template being executed and the text it came from: Go's errors name both.
    private string _name = "";
    private string _parseName = "";
    private string _text = "";

    private sealed class BreakSignal : Exception;

    private sealed class ContinueSignal : Exception;

    public void Run(TemplateDefinition root, object? data)
    {
        (_name, _parseName, _text) = (root.Name, root.ParseName, root.Text);
        _variables.Add(("$", data));
        Walk(root.Body, data);
    }

    private void Walk(List<TemplateNode> list, object? dot)
    {
        foreach (TemplateNode node in list)
        {
            // A bound on work, so a template can never hang a rule evaluation.
            if (++_steps > options.MaxSteps) throw new TemplateException($"template: {_parseName}: exceeded maximum template steps");
            switch (node)
            {
                case TextNode t:
                    output.Append(t.Text);
                    break;
                case ActionNode a:
                {
                    object? value = EvalPipe(a.Pipe, dot);
                    if (a.Pipe.Declarations.Count == 0) output.Append(value is null ? "<no value>" : GoValues.Print(value));
                    break;
                }
                case IfNode n:
                {
                    int mark = _variables.Count;
                    bool truth = GoValues.IsTrue(EvalPipe(n.Pipe, dot));
                    if (truth) Walk(n.Then, dot);
                    else if (n.Else is not null) Walk(n.Else, dot);
                    Pop(mark);
                    break;
                }
                case WithNode n:
                {
                    int mark = _variables.Count;
                    object? value = EvalPipe(n.Pipe, dot);
                    if (GoValues.IsTrue(value)) Walk(n.Then, value);
                    else if (n.Else is not null) Walk(n.Else, dot);
                    Pop(mark);
                    break;
                }
                case RangeNode n:
                    WalkRange(n, dot);
                    break;
                case TemplateCallNode n:
                {
                    if (!defines.TryGetValue(n.Name, out TemplateDefinition? called))
                    {
                        string call = $"{{{{template {GoFormat.Quote(n.Name)}{(n.Pipe is null ? "" : " " + n.Pipe.Source)}}}}}";
                        throw Fail(new CommandNode([], n.Offset, call), $"template {GoFormat.Quote(n.Name)} not defined");
                    }
                    if (++_templateDepth > MaxTemplateDepth) throw new TemplateException($"template: {_parseName}: exceeded maximum template depth ({MaxTemplateDepth})");
                    object? value = n.Pipe is null ? null : EvalPipe(n.Pipe, dot);
                    List<(string, object?)> saved = [.. _variables];
                    var context = (_name, _parseName, _text);
                    (_name, _parseName, _text) = (called.Name, called.ParseName, called.Text);
                    _variables.Clear();
                    _variables.Add(("$", value));
                    Walk(called.Body, value);
                    (_name, _parseName, _text) = context;
                    _variables.Clear();
                    _variables.AddRange(saved);
                    _templateDepth--;
                    break;
                }
                case BreakNode:
                    throw new BreakSignal();
                case ContinueNode:
                    throw new ContinueSignal();
            }
        }
    }

    private void WalkRange(RangeNode n, object? dot)
    {
        int mark = _variables.Count;
        object? value = EvalPipe(n.Pipe, dot);
        // The pipeline's declarations are re-bound per element: one variable gets the element,
        // two get the key (or index) and the element.
        Pop(mark);
        List<(object? Key, object? Element)> items = value switch
        {
            null => [],
            IReadOnlyDictionary<string, string> m => [.. m.Keys.Order(StringComparer.Ordinal).Select(k => ((object?)k, (object?)m[k]))],
            string => throw Fail(n.Pipe, $"range can't iterate over {GoValues.Print(value)}"),
            long count => [.. Enumerable.Range(0, (int)Math.Clamp(count, 0, MaxDepth)).Select(i => ((object?)(long)i, (object?)(long)i))],
            System.Collections.IEnumerable e => [.. e.Cast<object?>().Select((x, i) => ((object?)(long)i, x))],
            _ => throw Fail(n.Pipe, $"range can't iterate over {GoValues.Print(value)}"),
        };
        if (items.Count == 0)
        {
            if (n.Else is not null) Walk(n.Else, dot);
            return;
        }
        foreach (var (key, element) in items)
        {
            int inner = _variables.Count;
            if (n.Pipe.Declarations.Count == 1) _variables.Add((n.Pipe.Declarations[0], element));
            else if (n.Pipe.Declarations.Count == 2)
            {
                _variables.Add((n.Pipe.Declarations[0], key));
                _variables.Add((n.Pipe.Declarations[1], element));
            }
            try
            {
                Walk(n.Body, element);
            }
            catch (BreakSignal)
            {
                Pop(inner);
                break;
            }
            catch (ContinueSignal)
            {
            }
            Pop(inner);
        }
    }

    private void Pop(int mark)
    {
        if (_variables.Count > mark) _variables.RemoveRange(mark, _variables.Count - mark);
    }

    private object? EvalPipe(PipeNode pipe, object? dot)
    {
        object? value = null;
        bool hasFinal = false;
        foreach (CommandNode command in pipe.Commands)
        {
            value = EvalCommand(pipe, command, dot, value, hasFinal);
            hasFinal = true;
        }
        foreach (string variable in pipe.Declarations)
        {
            if (pipe.IsAssign)
            {
                for (int i = _variables.Count - 1; i >= 0; i--)
                    if (_variables[i].Name == variable) { _variables[i] = (variable, value); break; }
            }
            else _variables.Add((variable, value));
        }
        return value;
    }

    private object? EvalCommand(PipeNode pipe, CommandNode command, object? dot, object? final, bool hasFinal)
    {
        ArgNode first = command.Args[0];
        if (first is IdentifierArg fn)
        {
            List<object?>? args = EvalFunctionArgs(pipe, command, fn.Name, dot, final, hasFinal, out object? decided);
            if (args is null) return decided;
            try
            {
                return TemplateFunctions.Call(fn.Name, options, [.. args]);
            }
            catch (TemplateException e) when (!e.Message.StartsWith("template: ", StringComparison.Ordinal))
            {
                throw Fail(command, e.Message);
            }
        }
        if (command.Args.Count > 1 || hasFinal)
        {
            // Arguments (and the piped value) go to a method at the end of a field chain: .CommonLabels.Remove .GroupLabels.Names
            var args = new List<object?>(command.Args.Count);
            for (int i = 1; i < command.Args.Count; i++) args.Add(EvalArg(pipe, command.Args[i], dot));
            if (hasFinal) args.Add(final);
            return first switch
            {
                FieldArg f => Fields(f, dot, f.Fields, f.Offset, args),
                VariableArg { Fields.Count: > 0 } v => Fields(v, Lookup(v.Name), v.Fields, v.Offset, args),
                ChainArg { Fields.Count: > 0 } c => Fields(c, EvalPipe(c.Pipe, dot), c.Fields, c.Offset, args),
                _ => throw Fail(command, $"can't give argument to non-function {Describe(first)}"),
            };
        }
        return EvalArg(pipe, first, dot);
    }

    /// <summary>
    /// Go's evalCall: checks the number of arguments, then evaluates each and checks it against the function's
    /// parameter type, failing where Go does (at the argument). <c>and</c>/<c>or</c> stop at the deciding argument,
    /// returned in <paramref name="decided"/> with a null list.
    /// </summary>
    private List<object?>? EvalFunctionArgs(PipeNode pipe, CommandNode command, string name, object? dot, object? final, bool hasFinal, out object? decided)
    {
        decided = null;
        FunctionSignature signature = TemplateFunctions.Signature(name);
        int explicitCount = command.Args.Count - 1;
        int count = explicitCount + (hasFinal ? 1 : 0);
        int fixedCount = signature.Parameters.Length;
        var at = new CommandNode(command.Args.GetRange(0, 1), command.Offset, name);
        if (signature.Variadic is null ? count != fixedCount : count < fixedCount)
            throw Fail(at, $"wrong number of args for {name}: want {(signature.Variadic is null ? "" : "at least ")}{fixedCount} got {count}");
        bool shortCircuit = name is "and" or "or";
        var args = new List<object?>(count);
        for (int i = 0; i < count; i++)
        {
            string type = i < fixedCount ? signature.Parameters[i] : signature.Variadic!;
            object? value;
            if (i < explicitCount)
            {
                ArgNode node = command.Args[i + 1];
                int offset = command.ArgOffsets is { } offsets && i + 1 < offsets.Count ? offsets[i + 1] : command.Offset;
                at = new CommandNode([node], node switch { FieldArg f => f.Offset, VariableArg v => v.Offset, ChainArg c => c.Offset, _ => offset }, TemplateParser.ArgText(node));
                value = type == "any" ? EvalArg(pipe, node, dot) : EvalTypedArg(pipe, node, type, dot, at);
            }
            else value = final;
            if (!TemplateFunctions.Fits(value, type))
                throw Fail(at, $"wrong type for value; expected {type}; got {GoValues.TypeName(value)}");
            if (shortCircuit && GoValues.IsTrue(value) == (name == "or"))
            {
                decided = value;
                return null;
            }
            args.Add(value);
        }
        return args;
    }

    /// <summary>A constant passed for a typed parameter must be of that type, as Go checks it.</summary>
    private object? EvalTypedArg(PipeNode pipe, ArgNode node, string type, object? dot, CommandNode at) => node switch
    {
        NilArg when type == "string" => throw Fail(at, "cannot assign nil to string"),
        NilArg => null,
        StringArg s when type == "string" => s.Value,
        NumberArg or BoolArg or StringArg when type == "string" => throw Fail(at, $"expected string; found {at.Source}"),
        NumberArg or BoolArg or StringArg => throw Fail(at, $"can't handle {at.Source} for arg of type {type}"),
        _ => EvalArg(pipe, node, dot),
    };

    private object? EvalArg(PipeNode pipe, ArgNode arg, object? dot) => arg switch
    {
        DotArg => dot,
        NilArg => null,
        BoolArg b => b.Value,
        StringArg s => s.Value,
        NumberArg n => n.Value,
        FieldArg f => Fields(f, dot, f.Fields, f.Offset),
        VariableArg v => Fields(v, Lookup(v.Name), v.Fields, v.Offset),
        ChainArg c => Fields(c, EvalPipe(c.Pipe, dot), c.Fields, c.Offset),
        IdentifierArg fn => EvalCommand(pipe, new CommandNode([fn], pipe.Commands.Count > 0 ? pipe.Commands[0].Offset : 0, fn.Name), dot, null, false),
        _ => null,
    };

    private object? Lookup(string variable)
    {
        for (int i = _variables.Count - 1; i >= 0; i--)
            if (_variables[i].Name == variable) return _variables[i].Value;
        return null;
    }

    private object? Fields(ArgNode node, object? value, List<string> fields, int offset, List<object?>? args = null)
    {
        var at = new CommandNode([node], offset, Describe(node));
        for (int i = 0; i < fields.Count; i++)
        {
            string field = fields[i];
            // Only the last element of a chain receives arguments, as in Go.
            IReadOnlyList<object?> callArgs = i == fields.Count - 1 && args is not null ? args : [];
            if (TryMethod(at, value, field, callArgs, out object? result))
            {
                value = result;
                continue;
            }
            if (callArgs.Count > 0)
            {
                throw Fail(at, value is IReadOnlyDictionary<string, string>
                    ? $"{field} is not a method but has arguments" : $"{field} has arguments but cannot be invoked as function");
            }
            value = value switch
            {
                // missingkey=zero: a label that is not there reads as "".
                IReadOnlyDictionary<string, string> m => m.TryGetValue(field, out string? v) ? v : "",
                ITemplateFields f => f.TryGetField(field, out object? v) ? v : throw Fail(at, $"can't evaluate field {field} in type {f.GoTypeName}"),
                null => throw Fail(at, $"nil pointer evaluating interface {{}}.{field}"),
                _ => throw Fail(at, $"can't evaluate field {field} in type {GoValues.TypeName(value)}"),
            };
        }
        return value;
    }

    /// <summary>Go looks a name up as a method first, then as a field or map key.</summary>
    private bool TryMethod(CommandNode at, object? value, string method, IReadOnlyList<object?> args, out object? result)
    {
        try
        {
            if (value is ITemplateMethods m) return m.TryInvoke(method, args, out result);
            if (value is DateTimeOffset t) return GoTimeMethods.TryInvoke(t, method, args, out result);
        }
        catch (TemplateException e) when (!e.Message.StartsWith("template: ", StringComparison.Ordinal))
        {
            throw Fail(at, e.Message);
        }
        result = null;
        return false;
    }

    private static string Describe(ArgNode arg) => arg switch
    {
        FieldArg f => "." + string.Join('.', f.Fields),
        VariableArg v => v.Name + string.Concat(v.Fields.Select(x => "." + x)),
        StringArg s => GoFormat.Quote(s.Value),
        NumberArg n => n.Text,
        ChainArg c => "(" + c.Pipe.Source + ")" + string.Concat(c.Fields.Select(x => "." + x)),
        _ => arg.ToString() ?? "",
    };

    private TemplateException Fail(PipeNode pipe, string problem)
        => pipe.Commands.Count > 0 ? Fail(pipe.Commands[0], problem) : new($"template: {_parseName}:{pipe.Line}: executing \"{_name}\": {problem}");

    /// <summary>Go's error context: line and 0-based byte column of the command, and the command's text.</summary>
    private TemplateException Fail(CommandNode command, string problem)
    {
        int offset = Math.Min(command.Offset, _text.Length);
        int lineStart = _text.LastIndexOf('\n', Math.Max(offset - 1, 0)) + 1;
        if (offset == 0) lineStart = 0;
        int line = 1;
        for (int i = 0; i < offset; i++) if (_text[i] == '\n') line++;
        int column = System.Text.Encoding.UTF8.GetByteCount(_text.AsSpan(lineStart, offset - lineStart));
        return new($"template: {_parseName}:{line}:{column}: executing \"{_name}\" at <{command.Source}>: {problem}");
    }
}
