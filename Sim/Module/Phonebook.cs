namespace LuatHost.Sim.Module;

/// <summary>
/// The SIM's phonebooks ("SM" and "FD"), kept by the module so they outlive a reboot. A common SIM holds 250 entries of
/// up to 40 digits and a 14-character name; the capacity is settable (<see cref="ModuleOptions.PhonebookCapacity"/>).
/// </summary>
internal sealed class Phonebook(int capacity)
{
    public const int NumberLength = 40;
    public const int NameLength = 14;
    private readonly Dictionary<string, SortedDictionary<int, (string, int, string)>> _storages = new(StringComparer.Ordinal);

    public int Capacity { get; } = capacity;

    public SortedDictionary<int, (string Number, int Type, string Name)> Storage(string name)
    {
        if (!_storages.TryGetValue(name, out var entries))
        {
            entries = [];
            _storages[name] = entries;
        }
        return entries!;
    }
}
