/** @module The shape of `labs/<id>-<slug>/lab.yaml` once parsed and validated. */
import type { CheckSpec } from '../checks/types.js'

export interface LabManifest {
  formatVersion: 1
  /** `"350"`: what learners type. */
  id: string
  lecture: number
  slug: string
  title: string
  summary: string
  /** Bullet points for the briefing: what you will learn. */
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
  /** Guided steps (short); the long text is in guide.en.md. */
  steps: { title: string; body: string }[]
  /** Progressive hints, first the gentlest. */
  hints: string[]
  checks: CheckSpec[]
}
