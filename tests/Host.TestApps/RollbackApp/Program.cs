Console.WriteLine("RollbackApp: a test application for dotnet schemadrift rollback; it does nothing when run.");
