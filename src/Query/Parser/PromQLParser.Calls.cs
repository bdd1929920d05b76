using Metrics.Query.Ast;
using Metrics.Store.Labels;

namespace Metrics.Query.Parser;

public sealed partial class PromQLParser
{
    // The functions whose range arguments may carry the experimental modifiers (Prometheus's lists).

    private Call ParseCall()
    {
        Token name = Advance();
        if (!Ast.Functions.TryGet(name.Text, out FunctionInfo function))
            throw Error(name, $"unknown function with name \"{name.Text}\"");
        if (function.Experimental && !_options.EnableExperimentalFunctions)
            throw Error(name, $"function \"{name.Text}\" is not enabled");
        // info()'s second argument is a label selector on the info metrics, which may match everything.
        List<Expr> args = ParseArguments(allowEmptySelectorAt: function.Name == "info" ? 1 : -1);
        CheckCall(function, args, name);
        return Track(new Call(function, args), name.Position);
    }

    private void CheckCall(FunctionInfo function, List<Expr> args, Token name)
    {
        if (function.Variadic == 0 && args.Count != function.ArgTypes.Count)
            throw Error(name, $"expected {function.ArgTypes.Count} argument(s) in call to \"{function.Name}\", got {args.Count}");
        if (args.Count < function.MinArgs)
            throw Error(name, $"expected at least {function.MinArgs} argument(s) in call to \"{function.Name}\", got {args.Count}");
        if (args.Count > function.MaxArgs)
            throw Error(name, $"expected at most {function.MaxArgs} argument(s) in call to \"{function.Name}\", got {args.Count}");
        for (int i = 0; i < args.Count; i++)
        {
            ExpectType(args[i], function.ArgType(i), $"call to function \"{function.Name}\"");
        }
    }

    private AggregateExpr ParseAggregate(AggregateOp op)
    {
        Token opToken = Advance();
        if (op.IsExperimental() && !_options.EnableExperimentalFunctions)
            throw Error(opToken, "limitk() and limit_ratio() are experimental and must be enabled with --enable-feature=promql-experimental-functions");
        IReadOnlyList<string>? grouping = null;
        bool without = false;
        if (IsWord(Current, "by") || IsWord(Current, "without"))
        {
            without = IsWord(Advance(), "without");
            grouping = ParseGroupingLabels();
        }
        if (Current.Kind != TokenKind.LeftParen) throw Unexpected(Current, "aggregation", "\"(\"");
        List<Expr> args = ParseArguments(allowEmptySelectorAt: -1);
        if (grouping is null && (IsWord(Current, "by") || IsWord(Current, "without")))
        {
            without = IsWord(Advance(), "without");
            grouping = ParseGroupingLabels();
        }
        if (args.Count == 0) throw Error(opToken, "no arguments for aggregate expression provided");
        int wanted = op.HasParam() ? 2 : 1;
        if (args.Count != wanted)
            throw Error(opToken, $"wrong number of arguments for aggregate expression provided, expected {wanted}, got {args.Count}");
        Expr? param = op.HasParam() ? args[0] : null;
        Expr expr = args[^1];
        ExpectType(expr, Ast.ValueType.Vector, "aggregation expression");
        if (param is not null) ExpectType(param, op.ParamType(), "aggregation parameter");
        return Track(new AggregateExpr(op, expr, param, grouping ?? [], without), opToken.Position);
    }

    /// <summary><c>( [expr {, expr}] )</c>; the index names an argument where <c>{a=~".*"}</c> is allowed.</summary>
    private List<Expr> ParseArguments(int allowEmptySelectorAt)
    {
        Expect(TokenKind.LeftParen, "function call", "\"(\"");
        var args = new List<Expr>();
        if (Current.Kind == TokenKind.RightParen)
        {
            Advance();
            return args;
        }
        while (true)
        {
            if (args.Count == allowEmptySelectorAt && Current.Kind == TokenKind.LeftBrace)
                args.Add(ParseExpr(0, ParsePostfix(ParseVectorSelector())));
            else
                args.Add(ParseExpr(0));
            if (Current.Kind == TokenKind.Comma)
            {
                Token comma = Advance();
                if (Current.Kind == TokenKind.RightParen) throw Error(comma, "trailing commas not allowed in function call args");
                continue;
            }
            ExpectClosingParen("function call arguments");
            return args;
        }
    }

    /// <summary><c>(label, ...)</c> after by, without, on, ignoring, group_left or group_right; quoted names allowed.</summary>
    private List<string> ParseGroupingLabels()
    {
        Expect(TokenKind.LeftParen, "grouping opts", "\"(\"");
        var labels = new List<string>();
        while (Current.Kind != TokenKind.RightParen)
        {
            Token t = Current;
            bool word = t.Kind == TokenKind.Identifier || (t.Kind == TokenKind.Number && char.IsAsciiLetter(t.Text[0]));
            if (word && LabelNames.IsValidLabelName(t.Text)) labels.Add(t.Text);
            else if (t.Kind == TokenKind.String) labels.Add(t.Text);
            else throw Unexpected(t, "grouping opts", "label");
            Advance();
            if (Current.Kind == TokenKind.Comma) Advance();
            else if (Current.Kind != TokenKind.RightParen) throw Unexpected(Current, "grouping opts", "\",\" or \")\"");
        }
        Advance();
        return labels;
    }

    private void ExpectType(Expr expr, Ast.ValueType want, string context)
    {
        if (expr.Type != want)
            throw Error(PositionOf(expr), $"expected type {want.Documented()} in {context}, got {expr.Type.Documented()}");
    }
}
