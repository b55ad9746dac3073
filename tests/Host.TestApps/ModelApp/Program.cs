Console.WriteLine("ModelApp: a test application for dotnet schemadrift apply and baseline; it does nothing when run.");
