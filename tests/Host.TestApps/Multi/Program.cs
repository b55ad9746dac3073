namespace Multi;

public static class Program
{
    public static void Main() => Console.WriteLine("Multi test application: nothing to run.");
}
