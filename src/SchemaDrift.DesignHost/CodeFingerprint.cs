using System.Globalization;
using System.Reflection;
using System.Reflection.Emit;
using System.Security.Cryptography;
using System.Text;

namespace SchemaDrift.DesignHost;

/// <summary>
/// A fingerprint of what a method does, stable across builds of the same code: its IL with every token replaced by
/// what it names (strings by their text, members and types by their full names), its locals and exception clauses,
/// and, followed, every method of the same assembly it calls or takes the address of (the lambdas of a designer
/// file's <c>BuildTargetModel</c>). An enum of the application is described by its underlying type and members. Code
/// whose result could depend on more than its text (a static field of the application other than a compiler-made
/// delegate cache, a type of the application other than an enum, the method's own type or a compiler-made one) has
/// no fingerprint (null): nothing derived from it may be kept.
/// </summary>
internal static class CodeFingerprint
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    // What a token of another assembly (EF Core's methods, called thousands of times by designer files) names, once.
    private static readonly Dictionary<(Module, int), byte[]> OtherAssemblies = [];

    /// <summary>SHA-256 in hex of <paramref name="method"/> and what it calls in its own assembly, or null.</summary>
    public static string? Of(MethodInfo method)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var queue = new Queue<MethodBase>([method]);
        var seen = new HashSet<MethodBase>([method]);
        while (queue.TryDequeue(out var next))
        {
            var walk = new Walk(hash, method, callee =>
            {
                if (seen.Add(callee))
                {
                    queue.Enqueue(callee);
                }
            });
            if (!walk.Method(next))
            {
                return null;
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static bool IsCompilerMade(Type? type) =>
        type is not null && (type.Name.StartsWith('<') || type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false));

    /// <summary>Whether a member and every type it names come from other assemblies than the application's.</summary>
    private static bool OfOtherAssemblies(MemberInfo member, Module module) => member switch
    {
        Type type => type.Module != module && (!type.HasElementType || OfOtherAssemblies(type.GetElementType()!, module))
            && (!type.IsGenericType || type.GetGenericArguments().All(a => OfOtherAssemblies(a, module))),
        MethodBase method => method.DeclaringType is { } owner && OfOtherAssemblies(owner, module)
            && (!method.IsGenericMethod || method.GetGenericArguments().All(a => OfOtherAssemblies(a, module))),
        FieldInfo field => field.DeclaringType is { } owner && OfOtherAssemblies(owner, module),
        _ => false,
    };

    /// <summary>One method's body into the hash: runs of IL bytes as they are, each token as what it names (with its
    /// length before it, so that no two bodies hash alike).</summary>
    private sealed class Walk(IncrementalHash hash, MethodInfo root, Action<MethodBase> follow)
    {
        private readonly Module module = root.Module;

        public bool Method(MethodBase method)
        {
            var header = new StringBuilder().Append("method ").Append(method.DeclaringType?.FullName).Append("::").Append(method).Append('\n');
            var body = method.GetMethodBody();
            if (body is null)
            {
                Text(header);
                return true;
            }

            foreach (var local in body.LocalVariables)
            {
                if (!AppendType(local.LocalType, header.Append("local ")))
                {
                    return false;
                }
            }

            foreach (var clause in body.ExceptionHandlingClauses)
            {
                header.Append(CultureInfo.InvariantCulture, $"clause {clause.Flags} {clause.TryOffset} {clause.TryLength} {clause.HandlerOffset} {clause.HandlerLength}\n");
            }

            Text(header);
            var il = body.GetILAsByteArray() ?? [];
            var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
            var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
            var run = 0;
            for (var at = 0; at < il.Length;)
            {
                short value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
                if (!OpCodesByValue.TryGetValue(value, out var opCode))
                {
                    return false;
                }

                at += opCode.Size;
                if (opCode.OperandType is OperandType.InlineString or OperandType.InlineMethod or OperandType.InlineField
                    or OperandType.InlineType or OperandType.InlineTok)
                {
                    hash.AppendData(il, run, at - run);
                    if (!Token(opCode.OperandType, BitConverter.ToInt32(il, at), method.Module, typeArguments, methodArguments))
                    {
                        return false;
                    }

                    at += 4;
                    run = at;
                }
                else
                {
                    at += OperandSize(opCode.OperandType, il, at);
                }
            }

            hash.AppendData(il, run, il.Length - run);
            return true;
        }

        private static int OperandSize(OperandType type, byte[] il, int at) => type switch
        {
            OperandType.InlineNone => 0,
            OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
            OperandType.InlineVar => 2,
            OperandType.InlineI8 or OperandType.InlineR => 8,
            OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
            _ => 4,
        };

        private bool Token(OperandType type, int token, Module declaring, Type[]? typeArguments, Type[]? methodArguments)
        {
            if (type == OperandType.InlineString)
            {
                Bytes(Encoding.UTF8.GetBytes(declaring.ResolveString(token)));
                return true;
            }

            var contextFree = typeArguments is null && methodArguments is null;
            if (contextFree && OtherAssemblies.TryGetValue((declaring, token), out var known))
            {
                Bytes(known);
                return true;
            }

            var member = declaring.ResolveMember(token, typeArguments, methodArguments);
            var text = new StringBuilder();
            if (member is null || !AppendMember(member, text))
            {
                return false;
            }

            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (contextFree && OfOtherAssemblies(member, module))
            {
                OtherAssemblies[(declaring, token)] = bytes;
            }

            Bytes(bytes);
            return true;
        }

        private void Text(StringBuilder text) => Bytes(Encoding.UTF8.GetBytes(text.ToString()));

        private void Bytes(byte[] bytes)
        {
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }

        private bool AppendMember(MemberInfo member, StringBuilder text)
        {
            switch (member)
            {
                case Type referenced:
                    return AppendType(referenced, text);
                case FieldInfo field:
                    text.Append(field.DeclaringType?.FullName).Append("::").Append(field.Name);

                    // A delegate cache the compiler made for a lambda holds nothing else; any other static field of
                    // the application holds what its code put there at run time.
                    return field.Module != module || !field.IsStatic || IsCompilerMade(field.DeclaringType);
                case MethodBase callee:
                    text.Append(callee.DeclaringType?.FullName).Append("::").Append(callee);
                    foreach (var argument in callee.IsGenericMethod ? callee.GetGenericArguments() : [])
                    {
                        if (!AppendType(argument, text.Append(' ')))
                        {
                            return false;
                        }
                    }

                    if (callee.Module == module)
                    {
                        follow(callee is MethodInfo { IsGenericMethod: true } generic ? generic.GetGenericMethodDefinition() : callee);
                    }

                    return callee.DeclaringType is not { } owner || AppendType(owner, text.Append(" of "));
                default:
                    return false;
            }
        }

        /// <summary>A type by its full name; one of the application's only if it is an enum (then with its members),
        /// the root method's own type or made by the compiler (a lambda's closure).</summary>
        private bool AppendType(Type type, StringBuilder text)
        {
            text.Append(type.FullName ?? type.ToString());
            if (type.HasElementType)
            {
                return AppendType(type.GetElementType()!, text.Append(" of "));
            }

            if (type.IsGenericType && !type.IsGenericTypeDefinition)
            {
                return type.GetGenericArguments().All(a => AppendType(a, text.Append(' ')));
            }

            if (type.Module != module || type.IsGenericParameter || type == root.DeclaringType || IsCompilerMade(type))
            {
                return true;
            }

            if (!type.IsEnum)
            {
                return false;
            }

            text.Append(" enum ").Append(Enum.GetUnderlyingType(type).FullName);
            foreach (var name in Enum.GetNames(type))
            {
                text.Append(' ').Append(name).Append('=').Append(Convert.ToString(Enum.Parse(type, name), CultureInfo.InvariantCulture));
            }

            return true;
        }
    }
}
