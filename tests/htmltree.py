"""A small HTML tree for page tests, built with the standard library's html.parser.

Tests look pages up the way a reader sees them: which headings, paragraphs and
links there are, in document order, and where in the page they sit.
"""

from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent=None, start=0):
        self.tag = tag
        self.attrs = dict(attrs)
        self.parent = parent
        self.children = []  # Nodes and strings, in order
        self.start = start  # offset of the start tag in the page

    @property
    def classes(self):
        return (self.attrs.get("class") or "").split()

    @property
    def text(self):
        return "".join(child if isinstance(child, str) else child.text for child in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag=None, class_=None, **attrs):
        return [
            node
            for node in self.iter()
            if (tag is None or node.tag == tag)
            and (class_ is None or class_ in node.classes)
            and all(node.attrs.get(name) == value for name, value in attrs.items())
        ]

    def find(self, tag=None, class_=None, **attrs):
        found = self.find_all(tag, class_, **attrs)
        return found[0] if found else None

    def __repr__(self):
        return f"<{self.tag} {self.attrs}>"


class TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.offset_of_line = [0]

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        node = Node(tag, attrs, self.current, self.offset_of_line[line - 1] + column)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        line, column = self.getpos()
        self.current.children.append(Node(tag, attrs, self.current, self.offset_of_line[line - 1] + column))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html):
    """The page as a tree of Nodes; each Node knows its offset in `html`."""
    builder = TreeBuilder()
    offset = 0
    for line in html.splitlines(keepends=True):
        offset += len(line)
        builder.offset_of_line.append(offset)
    builder.feed(html)
    builder.close()
    return builder.root
