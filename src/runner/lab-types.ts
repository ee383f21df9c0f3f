/**
 * @module The shape of `labs/<id>-<slug>/lab.yaml`. The file holds every learner-facing text in English and
 * Korean (`{en, ko}`, see lab-texts.ts); once loaded, a `LabManifest` holds them in the chosen language.
 */
import type { CheckSpec } from '../checks/types.js'

export interface LabStep {
  /** Lower-case id, e.g. `fix-preflight`: the guide marks the step's section with `<!-- step: <id> -->`. */
  id: string
  title: string
  /** A few sentences: what to do in this step (shown by the briefing and by `lab check`). */
  text: string
  /** The checks that are green once the step is done (ids of `checks`). */
  checks: string[]
  /** Progressive hints for this step, gentlest first (`lab hint` gives those of the step the learner is on). */
  hints: string[]
}

export interface LabManifest {
  formatVersion: 1
  /** `"350"`: what learners type. */
  id: string
  lecture: number
  /** Earlier lectures whose concepts this lab teaches too (`[353]` for lab 354): `lab start 353` finds it. */
  alsoLectures?: number[]
  slug: string
  title: string
  summary: string
  /** Bullet points for the briefing: what you will learn (and the recap when every check passes). */
  learn: string[]
  /** Bullet points: what gets deployed. */
  deploys: string[]
  /** Estimated cost on real AWS, shown when the target is aws. */
  awsCost: string
  /** Folder under templates/ holding starter/ and solution/. */
  templates: string
  /** Stack name; the runner adds a participant suffix later (workshops). */
  stackName: string
  /** Static site to upload after deploy (optional). */
  site?: {
    /** Folder in the workspace, e.g. `site`. */
    dir: string
    /** Output naming the bucket to upload into. */
    bucketOutput: string
    /** A generated script with values from outputs, e.g. `config.js` → `window.LAB_CONFIG = {apiUrl: …}`. */
    config?: { file: string; values: Record<string, string> }
  }
  /** URLs to print after deploy: label → output name. */
  urls: { label: string; output: string }[]
  /** Guided steps, in order; the long text is in guide.<lang>.md. */
  steps: LabStep[]
  /** Progressive hints for the whole lab, for a step that has none of its own (may be empty when every step has some). */
  hints: string[]
  /** Where the lab sits in the AWS Certified Developer – Associate (DVA-C02) exam guide: its task statements. */
  exam: { task: string; text: string }[]
  checks: CheckSpec[]
}
