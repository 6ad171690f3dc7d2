// The layout checker of tests/test_layout.py (not a Node test: the browser runs it): one call per page and mode, evaluated in the
// page by Playwright, answering a list of findings {rule, where, detail}. No screenshot:
// every rule reads the boxes the browser laid out.
//
//   table-cells      the cells of a table row are not side by side: they stack, overlap, or
//                    one has collapsed to almost no width (a row made a card on purpose,
//                    display: block with every cell labelled by data-label, may stack)
//   page-width       the page is wider than the window (content that scrolls sideways inside
//                    its own wrapper, such as a figure or a table with overflow-x: auto, is fine)
//   control-cut-off  a form control (input, select, textarea, button, the label of a choice)
//                    is clipped by an ancestor that hides overflow, or lies outside the window
//                    (on paper, a wrapper that would scroll on screen clips too)
//   control-scrolls  at desktop width, a control sits inside a wrapper that scrolls sideways
//   small-label      a diagram label (SVG <text>) is drawn under 10 px high
//   text-overlap     two labels of one figure (SVG <text>) cover each other
//
// Controls are looked for in the page's content (Material's article), or in the whole body
// of a page without the theme: the theme's own drawers slide off screen on purpose.
async ({ mode, minLabelPx, overlapPx }) => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))
  const findings = []
  const viewportWidth = document.documentElement.clientWidth
  const add = (rule, el, detail) => findings.push({ rule, where: describe(el), detail })

  function describe(el, withText = true) {
    const path = []
    for (let node = el; node && node.nodeType === 1 && path.length < 4; node = node.parentElement) {
      let part = node.localName
      if (node.id) part += `#${node.id}`
      const classes = typeof node.className === "string" ? node.className.trim().split(/\s+/).filter(Boolean) : []
      if (classes.length) part += `.${classes.slice(0, 2).join(".")}`
      path.unshift(part)
      if (node.id) break
    }
    if (!withText) return path.join(" > ")
    const text = (el.innerText ?? el.textContent ?? "").replace(/\s+/g, " ").trim()
      || el.getAttribute("aria-label") || el.getAttribute("name") || ""
    const heading = nearestHeading(el)
    return `${path.join(" > ")}${text ? ` "${text.slice(0, 50)}"` : ""}${heading ? ` (under "${heading}")` : ""}`
  }

  function nearestHeading(el) {
    const headings = [...document.querySelectorAll("h1, h2, h3, h4")]
    let found = ""
    for (const h of headings) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING || h.contains(el))
        found = h.textContent.replace(/[¶\s]+/g, " ").trim()
    }
    return found.slice(0, 60)
  }

  function shown(el) {
    if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false
    const r = el.getBoundingClientRect()
    return r.width > 0 || r.height > 0
  }

  const style = el => getComputedStyle(el)
  const scrollsX = el => ["auto", "scroll"].includes(style(el).overflowX)
  const clipsX = el => ["hidden", "clip"].includes(style(el).overflowX)
  const clipsY = el => ["hidden", "clip"].includes(style(el).overflowY)

  // ---------- table-cells ----------
  for (const row of document.querySelectorAll("tr")) {
    if (!shown(row)) continue
    // a row the stylesheet turned into a card on purpose (display: block, each cell under its
    // column's name) is not a table row any more; its cells are meant to stack
    if (style(row).display === "block" && [...row.children].every(c => c.hasAttribute("data-label"))) continue
    const cells = [...row.children].filter(c => (c.localName === "td" || c.localName === "th") && shown(c))
    if (cells.length < 2) continue
    const boxes = cells.map(c => c.getBoundingClientRect())
    const top = Math.max(...boxes.map(b => b.top))
    const bottom = Math.min(...boxes.map(b => b.bottom))
    if (top >= bottom - 1) {
      add("table-cells", row, `its ${cells.length} cells share no horizontal band: they are stacked, not side by side`)
      continue
    }
    const order = boxes.map((b, i) => [b, cells[i]]).sort((x, y) => x[0].left - y[0].left)
    for (let i = 1; i < order.length; i++) {
      const [a] = order[i - 1]
      const [b, cell] = order[i]
      if (a.right - b.left > 2) {
        add("table-cells", cell, `overlaps the cell to its left by ${Math.round(a.right - b.left)} px`)
        break
      }
    }
    const filled = cells.some(c => c.textContent.trim() || c.querySelector("input, select, textarea, img, svg"))
    for (const [i, cell] of cells.entries()) {
      if (boxes[i].width < 4 && filled)
        add("table-cells", cell, `collapsed to ${boxes[i].width.toFixed(1)} px wide while the row has content`)
    }
  }

  // ---------- page-width ----------
  const scrollWidth = document.documentElement.scrollWidth
  if (scrollWidth > viewportWidth + 1) {
    // name the outermost elements that reach past the right edge, outside any wrapper
    // that scrolls or clips sideways
    const culprits = []
    const walk = el => {
      for (const child of el.children) {
        if (!shown(child)) continue
        const r = child.getBoundingClientRect()
        if (r.right > viewportWidth + 1) {
          const innerOnes = culprits.length
          if (!(scrollsX(child) || clipsX(child))) walk(child)
          if (culprits.length === innerOnes) culprits.push(child)
        } else if (!(scrollsX(child) || clipsX(child))) {
          walk(child)
        }
        if (culprits.length >= 5) return
      }
    }
    walk(document.body)
    const detail = `the page is ${scrollWidth} px wide in a ${viewportWidth} px window`
    if (culprits.length) for (const el of culprits) add("page-width", el, `${detail}; this reaches ${Math.round(el.getBoundingClientRect().right)} px`)
    else add("page-width", document.body, detail)
  }

  // ---------- controls ----------
  const scope = document.querySelector("article.md-content__inner") || document.body
  const choiceLabels = [...scope.querySelectorAll("label")].filter(label => {
    const target = label.control
    return target && (target.type === "radio" || target.type === "checkbox")
  })
  const controls = [...scope.querySelectorAll("input:not([type=hidden]), select, textarea, button"), ...choiceLabels]
  for (const control of controls) {
    if (!shown(control)) continue
    const r = control.getBoundingClientRect()
    if (r.width * r.height <= 1) continue  // visually hidden on purpose (its label is the control)
    const cs = style(control)
    if (cs.clip !== "auto" || cs.clipPath !== "none") continue
    let reported = false
    for (let node = control.parentElement; node && node !== document.documentElement; node = node.parentElement) {
      const scrolls = scrollsX(node) && node.scrollWidth > node.clientWidth + 1
      const a = node.getBoundingClientRect()
      const left = a.left + node.clientLeft
      const right = left + node.clientWidth
      const outsideX = r.left < left - 1 || r.right > right + 1
      const outsideY = r.top < a.top - 1 || r.bottom > a.top + node.clientTop + node.clientHeight + 1
      if ((clipsX(node) && outsideX) || (clipsY(node) && outsideY) || (mode === "print" && scrolls && outsideX)) {
        add("control-cut-off", control, `clipped by ${describe(node, false)}, which hides what overflows it`)
        reported = true
        break
      }
      if (mode === "desktop" && scrolls) {
        add("control-scrolls", control, `inside ${describe(node, false)}, which scrolls sideways at desktop width`)
        reported = true
        break
      }
      if (scrolls) break  // on a phone, reachable by scrolling its wrapper
    }
    if (reported) continue
    const inScroller = (() => {
      for (let node = control.parentElement; node; node = node.parentElement)
        if (scrollsX(node) && node.scrollWidth > node.clientWidth + 1) return true
      return false
    })()
    if (!inScroller && (r.left < -1 || r.right > viewportWidth + 1))
      add("control-cut-off", control, `lies outside the window (${Math.round(r.left)} to ${Math.round(r.right)} px of ${viewportWidth})`)
  }

  // ---------- diagram labels ----------
  const figures = new Map()
  for (const text of document.querySelectorAll("svg text")) {
    if (!shown(text) || !text.textContent.trim()) continue
    const box = text.getBoundingClientRect()
    if (box.width === 0 || box.height === 0) continue
    const ctm = text.getScreenCTM()
    const scale = ctm ? Math.hypot(ctm.c, ctm.d) : 1
    const rendered = parseFloat(style(text).fontSize) * scale
    if (rendered < minLabelPx - 0.05)
      add("small-label", text, `drawn ${rendered.toFixed(1)} px high (font ${style(text).fontSize} x scale ${scale.toFixed(2)}); at least ${minLabelPx} px`)
    const figure = text.closest("figure") || text.ownerSVGElement
    if (!figures.has(figure)) figures.set(figure, [])
    figures.get(figure).push([text, box])
  }
  for (const [figure, texts] of figures) {
    let overlaps = 0
    for (let i = 0; i < texts.length; i++) {
      for (let j = i + 1; j < texts.length; j++) {
        const [ta, a] = texts[i]
        const [tb, b] = texts[j]
        if (ta.contains(tb) || tb.contains(ta)) continue
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left)
        const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top)
        if (w > overlapPx && h > overlapPx) {
          overlaps += 1
          if (overlaps <= 10)
            add("text-overlap", ta, `covers "${tb.textContent.trim().slice(0, 40)}" by ${Math.round(w)} x ${Math.round(h)} px`)
        }
      }
    }
    if (overlaps > 10) add("text-overlap", figure, `${overlaps - 10} more overlapping pairs of labels in this figure`)
  }
  return findings
}
