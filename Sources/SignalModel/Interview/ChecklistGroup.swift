/// One family's items on the checklist, in catalogue order.
package struct ChecklistGroup: Sendable, Equatable {
    /// The family (instigation, proceeds, …).
    package var family: Family
    /// The indicators shown for it.
    package var items: [Indicator]
}
