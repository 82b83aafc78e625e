import AttuneHTML
import AttuneStore
import Vapor

/// Long lists a page at a time: the links between pages, and the box that narrows a list.
enum Pager {
    /// Previous, page n of m, next: nothing for a single page.
    static func links(number: Int, count: Int, label: String, link: (Int) -> String) -> SafeHTML {
        guard count > 1 else { return "" }
        let previous: SafeHTML = number > 1 ? "<a href=\"\(link(number - 1))\" rel=\"prev\">Previous</a>" : "<span class=\"muted\">Previous</span>"
        let next: SafeHTML = number < count ? "<a href=\"\(link(number + 1))\" rel=\"next\">Next</a>" : "<span class=\"muted\">Next</span>"
        return "<nav class=\"pager\" aria-label=\"\(label)\">\(previous) <span>Page \(number) of \(count)</span> \(next)</nav>"
    }

    /// A list's page links, keeping what it was narrowed to.
    static func links<Item>(_ slice: ListSlice<Item>, query: ListQuery, path: String, label: String) -> SafeHTML {
        links(number: slice.page, count: slice.pages, label: label) { page in
            path + "?page=\(page)" + (query.find.isEmpty ? "" : "&find=" + SiteRoute.escape(query.find))
        }
    }

    /// The box that narrows a list to the rows whose code or name holds what is typed.
    static func findForm(path: String, query: ListQuery, label: String) -> SafeHTML {
        """
        <form method="get" action="\(path)" class="card search" role="search">
        \(FormField.text("find", label: label, value: query.find, extra: " autocomplete=\"off\""))
        <div class="actions"><button type="submit" class="button">Find</button>\(query.find.isEmpty ? "" : SafeHTML(" <a href=\"\(path)\">Show all</a>"))</div>
        </form>
        """
    }
}

extension ListQuery {
    /// The list's narrowing and page from the address (`?find=...&page=N`).
    init(_ request: Request) {
        self.init(find: request.query[String.self, at: "find"] ?? "", page: request.query[Int.self, at: "page"] ?? 1)
    }
}
