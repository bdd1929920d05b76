using Metrics.Query.Ast;

namespace Metrics.Query.Parser;

public sealed partial class PromQLParser
{
    /// <summary>What was written between a binary operator and its right operand.</summary>
    private sealed record BinaryModifiers(bool ReturnBool, VectorMatching Matching, bool HasFill);

    /// <summary><c>[bool] [on|ignoring (labels) [group_left|group_right [(labels)]]] [fill(v)|fill_left(v)|fill_right(v)]...</c></summary>
    private BinaryModifiers ParseBinaryModifiers()
    {
        bool returnBool = false;
        if (IsWord(Current, "bool"))
        {
            Advance();
            returnBool = true;
        }
        var card = VectorMatchCardinality.OneToOne;
        bool on = false;
        IReadOnlyList<string> matchingLabels = [];
        IReadOnlyList<string> include = [];
        if (IsWord(Current, "on") || IsWord(Current, "ignoring"))
        {
            on = IsWord(Advance(), "on");
            matchingLabels = ParseGroupingLabels();
            if (IsWord(Current, "group_left") || IsWord(Current, "group_right"))
            {
                card = IsWord(Advance(), "group_left") ? VectorMatchCardinality.ManyToOne : VectorMatchCardinality.OneToMany;
                if (Current.Kind == TokenKind.LeftParen) include = ParseGroupingLabels();
            }
        }
        else if (IsWord(Current, "group_left") || IsWord(Current, "group_right"))
        {
            throw Error(Current, $"unexpected \"{Current.Text}\"; group modifiers are only allowed after \"on\" or \"ignoring\"");
        }
        double? fillLeft = null, fillRight = null;
        bool hasFill = false;
        while (PeekAt(1).Kind == TokenKind.LeftParen && Current.Kind == TokenKind.Identifier
            && Current.Text.ToLowerInvariant() is "fill" or "fill_left" or "fill_right")
        {
            Token fill = Advance();
            if (!_options.EnableBinopFillModifiers) throw Error(fill, "fill modifiers are experimental and not enabled");
            Advance();
            double value = ParseSignedNumber(fill.Text, allowDuration: false);
            Expect(TokenKind.RightParen, fill.Text, "\")\"");
            string which = fill.Text.ToLowerInvariant();
            if (which != "fill_right") fillLeft = value;
            if (which != "fill_left") fillRight = value;
            hasFill = true;
        }
        var matching = new VectorMatching(card, matchingLabels, on, include) { FillLeft = fillLeft, FillRight = fillRight };
        return new BinaryModifiers(returnBool, matching, hasFill);
    }

    /// <summary>Builds a binary expression after Prometheus's checks, in its order (children were checked already).</summary>
    private BinaryExpr NewBinary(BinaryOp op, Expr lhs, Expr rhs, BinaryModifiers modifiers)
    {
        int start = PositionOf(lhs);
        Ast.ValueType lt = lhs.Type, rt = rhs.Type;
        VectorMatching? matching = modifiers.Matching;
        if (modifiers.ReturnBool && !op.IsComparison())
            throw Error(start, "bool modifier can only be used on comparison operators");
        if (op.IsComparison() && !modifiers.ReturnBool && lt == Ast.ValueType.Scalar && rt == Ast.ValueType.Scalar)
            throw Error(start, "comparisons between scalars must use BOOL modifier");
        if (op.IsSetOperator() && matching.Card == VectorMatchCardinality.OneToOne)
            matching = matching with { Card = VectorMatchCardinality.ManyToMany };
        if (matching.On)
        {
            foreach (string label in matching.MatchingLabels)
            {
                if (matching.Include.Contains(label))
                    throw Error(start, $"label \"{label}\" must not occur in ON and GROUP clause at once");
            }
        }
        if (lt is not (Ast.ValueType.Scalar or Ast.ValueType.Vector) || rt is not (Ast.ValueType.Scalar or Ast.ValueType.Vector))
            throw Error(start, "binary expression must contain only scalar and instant vector types");
        if (lt != Ast.ValueType.Vector || rt != Ast.ValueType.Vector)
        {
            if (matching.MatchingLabels.Count > 0)
                throw Error(start, "vector matching only allowed between instant vectors");
            if (modifiers.HasFill)
                throw Error(start, "fill modifiers are only allowed between instant vectors");
            matching = null;
        }
        else if (op.IsSetOperator())
        {
            if (matching.Card is VectorMatchCardinality.OneToMany or VectorMatchCardinality.ManyToOne)
                throw Error(start, $"no grouping allowed for \"{op.Text()}\" operation");
            if (matching.Card != VectorMatchCardinality.ManyToMany)
                throw Error(start, "set operations must always be many-to-many");
            if (modifiers.HasFill)
                throw Error(start, $"fill modifiers are not allowed for \"{op.Text()}\" operation");
        }
        if ((lt == Ast.ValueType.Scalar || rt == Ast.ValueType.Scalar) && op.IsSetOperator())
            throw Error(start, $"set operator \"{op.Text()}\" not allowed in binary scalar expression");
        return Track(new BinaryExpr(op, lhs, rhs, modifiers.ReturnBool, matching), start);
    }
}
