/**
 * @module A budget for rendering one mapping template: velocityjs renders synchronously, so a template that
 * loops over a huge range or recurses through macros would hold the whole cloud. Each render may take so
 * many steps, ranges, macro depth and output; past any of them the render stops with an error, which the
 * data plane answers with API Gateway's 500 `Internal server error` gateway response.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-execution-service-limits-table.html
 */
import velocity from 'velocityjs'

/** API Gateway's mapping template size quota. */
export const MAX_TEMPLATE_BYTES = 300 * 1024
/** Local budgets (AWS documents none; API Gateway ends any request at the 29 s integration timeout). */
export const MAX_RENDER_STEPS = 200_000
export const MAX_RANGE_ITEMS = 100_000
export const MAX_MACRO_DEPTH = 64
export const MAX_OUTPUT_CHARS = 10 * 1024 * 1024
export const MAX_RENDER_MS = 2_000

export class TemplateBudgetError extends Error {
  constructor(what: string) {
    super(`The mapping template exceeded the local cloud's budget: ${what}`)
    this.name = 'TemplateBudgetError'
  }
}

type Ast = any
type Base = {
  renderAstList(asts?: Ast[], contextId?: string): string
  getArray(literal: Ast): unknown[]
  getMacro(ast: Ast, bodyContent?: string): any
  getReferences(ast: Ast): unknown
}

/** velocityjs's Compile, with every block render, range and macro call counted against the budget. */
export class BudgetedCompile extends velocity.Compile {
  private steps = 0
  private macroDepth = 0
  private readonly started = Date.now()

  private spend(): void {
    if (++this.steps > MAX_RENDER_STEPS) throw new TemplateBudgetError(`more than ${MAX_RENDER_STEPS} steps`)
    if ((this.steps & 1023) === 0 && Date.now() - this.started > MAX_RENDER_MS) throw new TemplateBudgetError(`more than ${MAX_RENDER_MS} ms`)
  }

  override renderAstList(asts?: Ast[], contextId?: string): string {
    this.spend()
    const out = super.renderAstList(asts, contextId)
    if (out.length > MAX_OUTPUT_CHARS) throw new TemplateBudgetError(`an output over ${MAX_OUTPUT_CHARS} characters`)
    return out
  }

  getArray(literal: Ast): unknown[] {
    const base = velocity.Compile.prototype as unknown as Base
    if (literal?.isRange === true) {
      const [begin, end] = (literal.value as unknown[]).map((exp) => (typeof exp === 'string' ? parseInt(exp, 10) : typeof exp === 'number' ? exp : Number((this as unknown as Base).getReferences(exp))))
      if (Number.isFinite(begin) && Number.isFinite(end) && Math.abs(end - begin) >= MAX_RANGE_ITEMS) throw new TemplateBudgetError(`a range of more than ${MAX_RANGE_ITEMS} items`)
    }
    return base.getArray.call(this, literal)
  }

  getMacro(ast: Ast, bodyContent?: string): any {
    const base = velocity.Compile.prototype as unknown as Base
    if (++this.macroDepth > MAX_MACRO_DEPTH) throw new TemplateBudgetError(`macros nested more than ${MAX_MACRO_DEPTH} deep`)
    try {
      return base.getMacro.call(this, ast, bodyContent)
    } finally {
      this.macroDepth--
    }
  }
}
