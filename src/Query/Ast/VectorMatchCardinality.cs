namespace Metrics.Query.Ast;

/// <summary>How elements of two instant vectors pair up in a binary operation.</summary>
public enum VectorMatchCardinality
{
    OneToOne,
    ManyToOne,
    OneToMany,
    ManyToMany,
}
