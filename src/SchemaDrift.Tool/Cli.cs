namespace SchemaDrift.Tool;
public static class Cli { public static int Run(string[] args, TextWriter o, TextWriter e) => 0; }
