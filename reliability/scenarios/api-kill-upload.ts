import { Scenario } from '../scenario';

/**
 * 4. The API is SIGKILLed during a 50 MB upload: the client sees the failure, no file or rows
 * remain (the spool file in UPLOAD_TMP_DIR included), the next upload works. Not written yet.
 */
export const apiKillUpload: Scenario = {
  id: '4',
  title: 'API SIGKILLed during a 50 MB upload',
  async run(_ctx, result) {
    result.status = 'not run';
    result.problems.push('not implemented yet (issue #6 follow-up)');
  },
};
