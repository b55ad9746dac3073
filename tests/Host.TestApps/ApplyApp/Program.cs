Console.WriteLine("ApplyApp: a test application for dotnet schemadrift apply; it does nothing when run.");
