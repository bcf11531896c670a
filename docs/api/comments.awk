# Doxygen input filter of the SwsQt headers (protocol/CMakeLists.txt, swsqt_docs). The headers
# keep plain comments; this hands them to Doxygen as documentation: `// text` on its own line
# documents what follows (`///`), `// text` after a declaration documents it (`///<`). Characters
# Doxygen would read as markup (\ @ < > & # % $) are escaped, so the text shows as written.
/^[ \t]*\/\/$/ { print $0 "/"; next } # an empty comment line keeps the block together
{
    i = index($0, "// ")
    if (i == 0) { print; next }
    code = substr($0, 1, i - 1)
    text = substr($0, i + 3)
    if (code ~ /^[ \t]*$/) marker = "/// "
    else if (code ~ /[;,{][ \t]*$/) marker = "///< "
    else { print; next }
    gsub(/[\\@<>&#%$]/, "\\\\&", text)
    print code marker text
}
