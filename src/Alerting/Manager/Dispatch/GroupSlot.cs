using System.Runtime.CompilerServices;
using Metrics.Alerting.Manager.Routing;
using Metrics.Store.Labels;

namespace Metrics.Alerting.Manager.Dispatch;

/// <summary>
/// The dictionary key of an aggregation group: its route and a hash of its group labels. A stored key carries
/// the group's labels; a lookup key carries an alert's full labels, and equality asks the route whether the
/// alert's group labels are the stored ones. So finding an alert's group builds no label set.
/// </summary>
internal readonly struct GroupSlot : IEquatable<GroupSlot>
{
    private readonly Route _route;
    private readonly ulong _hash;
    private readonly LabelSet _labels;
    private readonly bool _isAlert;

    private GroupSlot(Route route, LabelSet labels, bool isAlert)
    {
        _route = route;
        _labels = labels;
        _isAlert = isAlert;
        _hash = route.GroupHash(labels);
    }

    public static GroupSlot ForGroup(Route route, LabelSet groupLabels) => new(route, groupLabels, isAlert: false);

    public static GroupSlot ForAlert(Route route, LabelSet alertLabels) => new(route, alertLabels, isAlert: true);

    public bool Equals(GroupSlot other)
    {
        if (!ReferenceEquals(_route, other._route) || _hash != other._hash) return false;
        if (_isAlert == other._isAlert) return _labels.Equals(other._labels);
        return _isAlert ? _route.GroupLabelsMatch(_labels, other._labels) : _route.GroupLabelsMatch(other._labels, _labels);
    }

    public override bool Equals(object? obj) => obj is GroupSlot other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(_route), _hash);
}
