Console.WriteLine("LintApp: a test application for dotnet schemadrift lint; it does nothing when run.");
