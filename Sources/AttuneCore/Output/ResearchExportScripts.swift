/// What a research export writes beside its tables, all from the same variables: the codebook,
/// SPSS syntax (run by GNU PSPP in the tests) and an R script, each reading the CSVs with their
/// labels, categories and missing values.
extension ResearchExport {
    /// Every file of the export by name: one CSV per table, `codebook.csv`, `import.sps`, `import.R`.
    public var files: [(name: String, text: String)] {
        tables.map { ("\($0.name).csv", csv($0)) } + [("codebook.csv", codebook), ("import.sps", spss), ("import.R", rScript), ("README.txt", readme)]
    }

    /// One row per variable: its table, name, label, type, allowed values with their labels, and
    /// its missing-value code.
    public var codebook: String {
        var writer = CSVWriter()
        writer.addRow(["table", "variable", "label", "type", "values", "missing"])
        for table in tables {
            for variable in table.variables {
                let (type, values): (String, String) = switch variable.kind {
                case .text(let width): ("text (up to \(width) characters)", "")
                case .number(let decimals): (decimals == 0 ? "whole number" : "number (\(decimals) decimal\(decimals == 1 ? "" : "s"))", "")
                case .coded(let codes): ("category", codes.map { "\($0.code) = \($0.label)" }.joined(separator: "; "))
                }
                writer.addRow([table.name, variable.name, variable.label, type, values,
                               variable.isNumeric ? "not recorded or not applicable: \(Self.missingCode)" : ""])
            }
        }
        return writer.text
    }

    /// SPSS syntax: reads each CSV, labels its variables and categories, declares the missing
    /// value, describes its numbers (DESCRIPTIVES) and saves it as a .sav file beside it.
    public var spss: String {
        var lines = ["* Attune research export: run this syntax with the export's folder as the working directory.",
                     "* Each table is read from its CSV, labelled, described and saved as a .sav file.", ""]
        for table in tables {
            let formats = table.variables.map { variable -> String in
                switch variable.kind {
                case .text(let width): "\(variable.name) A\(width)"
                case .number(let decimals): "\(variable.name) F12.\(decimals)"
                case .coded: "\(variable.name) F8.0"
                }
            }
            lines.append("* \(Self.spssComment(table.label)).")
            lines.append("GET DATA /TYPE=TXT /FILE='\(table.name).csv' /ENCODING='UTF8' /ARRANGEMENT=DELIMITED /DELCASE=LINE /FIRSTCASE=2")
            lines.append("  /DELIMITERS=',' /QUALIFIER='\"'")
            lines.append("  /VARIABLES=" + formats.joined(separator: "\n    ") + ".")
            lines.append("VARIABLE LABELS " + table.variables.map { "\($0.name) \(Self.spssString($0.label))" }.joined(separator: "\n  /") + ".")
            let coded = table.variables.compactMap { variable -> String? in
                guard case .coded(let codes) = variable.kind else { return nil }
                return "\(variable.name) " + codes.map { "\($0.code) \(Self.spssString($0.label))" }.joined(separator: " ")
            }
            if !coded.isEmpty { lines.append("VALUE LABELS " + coded.joined(separator: "\n  /") + ".") }
            let numeric = table.variables.filter(\.isNumeric).map(\.name)
            if !numeric.isEmpty {
                lines.append("MISSING VALUES \(numeric.joined(separator: " ")) (\(Self.missingCode)).")
                lines.append("DESCRIPTIVES VARIABLES=\(numeric.joined(separator: " ")).")
            }
            lines.append("SAVE OUTFILE='\(table.name).sav'.")
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// An R script: `source("import.R")` in the export's folder gives the list `attune`, one
    /// data frame per table, categories as factors with their labels, missing values as NA and
    /// each variable's label in its "label" attribute.
    public var rScript: String {
        var lines = ["# Attune research export: source(\"import.R\") with the export's folder as the working directory.",
                     "# Gives `attune`, a list of data frames: categories as factors, missing values (\(Self.missingCode)) as NA.",
                     "attune <- list()", ""]
        for table in tables {
            let classes = table.variables.map { "\($0.name) = \"\($0.isNumeric ? "numeric" : "character")\"" }
            lines.append("# \(table.label)")
            lines.append("attune$\(table.name) <- read.csv(\"\(table.name).csv\", fileEncoding = \"UTF-8\", na.strings = c(\"\", \"\(Self.missingCode)\"),")
            lines.append("  colClasses = c(\(classes.joined(separator: ", "))))")
            for variable in table.variables {
                if case .coded(let codes) = variable.kind {
                    lines.append("attune$\(table.name)$\(variable.name) <- factor(attune$\(table.name)$\(variable.name), levels = c(\(codes.map { String($0.code) }.joined(separator: ", "))), "
                                 + "labels = c(\(codes.map { Self.rString($0.label) }.joined(separator: ", "))))")
                }
                lines.append("attr(attune$\(table.name)$\(variable.name), \"label\") <- \(Self.rString(variable.label))")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    var readme: String {
        """
        Attune research export

        One CSV per table (UTF-8, a header row), codebook.csv describing every variable, import.sps
        (SPSS or GNU PSPP syntax) and import.R (R) that read them with their labels.

        No names, contacts, addresses, free text or exact dates are included. Days are counted from
        each programme's first session (negative before it); babies' ages are in whole weeks.
        Mothers and babies are known by a keyed-hash pseudonym (HMAC-SHA256): exports made with the
        same key file give the same pseudonyms, and without the key they cannot be traced back.
        \(Self.missingCode) means not recorded or not applicable. \(includingUnrecordedConsent
            ? "Mothers who consented to research are included, and those never asked (records from before the question); none who said no."
            : "Only mothers who consented to research are included.")

        """
    }

    /// An SPSS string literal: single quotes, doubled inside.
    static func spssString(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    /// A comment cannot hold a line break or end early with a full stop at a line's end.
    static func spssComment(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }

    /// An R string literal: double quotes, backslashes and quotes escaped.
    static func rString(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
