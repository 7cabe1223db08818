/** The versioned prefix of every public route. */
export const API_V1 = 'api/v1';
