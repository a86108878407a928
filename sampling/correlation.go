package sampling

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Correlation is a target matrix of Spearman rank correlations between
// named scalar inputs: Matrix[i][j] is the rank correlation of Names[i]
// and Names[j]. A usable matrix is square, symmetric, has a unit diagonal,
// entries in [−1, 1], and is positive semidefinite (Validate); Repair
// returns the nearest one to a matrix that is not.
//
// The samplers that use it (NewImanConover, NewCopula) copy it; they do
// not keep the caller's slices.
type Correlation struct {
	Names  []string
	Matrix [][]float64
}

// symTol is how far from exact a symmetric matrix with a unit diagonal may
// be (rounding in a file or a computation), and psdTol how negative its
// smallest eigenvalue may be, for the matrix to count as valid.
const (
	symTol = 1e-12
	psdTol = 1e-9
)

// checkShape reports a Correlation whose names and matrix do not fit.
func (c Correlation) checkShape() error {
	k := len(c.Names)
	if k == 0 {
		return errors.New("correlation: no inputs named")
	}
	seen := map[string]bool{}
	for _, n := range c.Names {
		if seen[n] {
			return fmt.Errorf("correlation: %q is named twice", n)
		}
		seen[n] = true
	}
	if len(c.Matrix) != k {
		return fmt.Errorf("correlation: %d names but the matrix has %d rows", k, len(c.Matrix))
	}
	for i, row := range c.Matrix {
		if len(row) != k {
			return fmt.Errorf("correlation: row %d (%s) has %d entries, want %d", i+1, c.Names[i], len(row), k)
		}
		for j, x := range row {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("correlation: entry (%s, %s) is %v", c.Names[i], c.Names[j], x)
			}
		}
	}
	for i := range k {
		for j := range i {
			if math.Abs(c.Matrix[i][j]-c.Matrix[j][i]) > symTol {
				return fmt.Errorf("correlation: not symmetric: (%s, %s) is %v but (%s, %s) is %v",
					c.Names[i], c.Names[j], c.Matrix[i][j], c.Names[j], c.Names[i], c.Matrix[j][i])
			}
		}
	}
	return nil
}

// Validate reports whether c is a usable rank-correlation matrix; the
// error names the first offending entry, or gives the smallest eigenvalue
// of a matrix that is not positive semidefinite (then Repair gives the
// nearest one that is).
func (c Correlation) Validate() error {
	if err := c.checkShape(); err != nil {
		return err
	}
	for i, row := range c.Matrix {
		if math.Abs(row[i]-1) > symTol {
			return fmt.Errorf("correlation: the diagonal entry of %s is %v, want 1", c.Names[i], row[i])
		}
		for j, x := range row {
			if x < -1 || x > 1 {
				return fmt.Errorf("correlation: (%s, %s) is %v, outside [-1, 1]", c.Names[i], c.Names[j], x)
			}
		}
	}
	if l := minEigen(symOf(c.Matrix)); l < -psdTol {
		return fmt.Errorf("correlation: the matrix of %s is not positive semidefinite (smallest eigenvalue %.3g): "+
			"no joint distribution has these rank correlations; Repair gives the nearest matrix that is valid", quoteList(c.Names), l)
	}
	return nil
}

// Repair returns the nearest correlation matrix to c (in the Frobenius
// norm: symmetric positive semidefinite with a unit diagonal), with the
// same names, and the largest absolute change of an entry. A valid matrix
// comes back unchanged up to rounding. c must be square and symmetric; its
// diagonal and range are free (Higham's own test matrices have 2 on the
// diagonal).
//
// The algorithm is Higham's alternating projections with Dykstra's
// correction (N. J. Higham, "Computing the nearest correlation matrix — a
// problem from finance", IMA J. Numer. Anal. 22(3):329–343, 2002, with
// unit weights W = I): repeat R = Y − ΔS, X = P_S(R) (clip the
// negative eigenvalues of R to 0, by mat.EigenSym), ΔS = X − R, Y = P_U(X)
// (set the diagonal to 1), until X and Y agree and stop moving, to a
// relative 1e-12 in the Frobenius norm. Convergence is linear; it returns
// an error after 100,000 iterations. The result may have eigenvalues of
// order −1e-15 (it lies on the boundary of the cone); the samplers factor
// it after a shift of 1e-10 (see NewCopula).
func (c Correlation) Repair() (Correlation, float64, error) {
	if err := c.checkShape(); err != nil {
		return Correlation{}, 0, err
	}
	k := len(c.Names)
	y := symOf(c.Matrix)
	x := mat.NewSymDense(k, nil)
	r := mat.NewSymDense(k, nil)
	ds := mat.NewSymDense(k, nil) // Dykstra's correction
	prevX := mat.NewSymDense(k, nil)
	prevY := mat.NewSymDense(k, nil)
	var es mat.EigenSym
	var vecs mat.Dense
	const tol, maxIter = 1e-12, 100_000
	converged := false
	for it := 0; it < maxIter; it++ {
		prevX.CopySym(x)
		prevY.CopySym(y)
		// R = Y − ΔS
		for i := range k {
			for j := i; j < k; j++ {
				r.SetSym(i, j, y.At(i, j)-ds.At(i, j))
			}
		}
		// X = P_S(R): V max(Λ, 0) Vᵀ.
		if !es.Factorize(r, true) {
			return Correlation{}, 0, errors.New("correlation: eigendecomposition failed")
		}
		vals := es.Values(nil)
		es.VectorsTo(&vecs)
		for i := range k {
			for j := i; j < k; j++ {
				var s float64
				for l, lam := range vals {
					if lam > 0 {
						s += vecs.At(i, l) * lam * vecs.At(j, l)
					}
				}
				x.SetSym(i, j, s)
			}
		}
		// ΔS = X − R; Y = P_U(X).
		for i := range k {
			for j := i; j < k; j++ {
				ds.SetSym(i, j, x.At(i, j)-r.At(i, j))
				if i == j {
					y.SetSym(i, i, 1)
				} else {
					y.SetSym(i, j, x.At(i, j))
				}
			}
		}
		if it > 0 && relDiff(x, prevX) <= tol && relDiff(y, prevY) <= tol && relDiff(y, x) <= tol {
			converged = true
			break
		}
	}
	if !converged {
		return Correlation{}, 0, fmt.Errorf("correlation: the nearest correlation matrix did not converge in %d iterations", maxIter)
	}
	out := Correlation{Names: append([]string(nil), c.Names...), Matrix: make([][]float64, k)}
	var change float64
	for i := range k {
		out.Matrix[i] = make([]float64, k)
		for j := range k {
			out.Matrix[i][j] = y.At(i, j)
			change = max(change, math.Abs(out.Matrix[i][j]-c.Matrix[i][j]))
		}
	}
	return out, change, nil
}

// relDiff is ‖a − b‖_F / ‖a‖_F (Higham's stopping test).
func relDiff(a, b *mat.SymDense) float64 {
	k := a.SymmetricDim()
	var d, n float64
	for i := range k {
		for j := range k {
			x := a.At(i, j)
			d += (x - b.At(i, j)) * (x - b.At(i, j))
			n += x * x
		}
	}
	if n == 0 {
		return math.Sqrt(d)
	}
	return math.Sqrt(d / n)
}

// symOf copies a square matrix (symmetric up to symTol) into a SymDense,
// averaging the two triangles.
func symOf(m [][]float64) *mat.SymDense {
	k := len(m)
	s := mat.NewSymDense(k, nil)
	for i := range k {
		for j := i; j < k; j++ {
			s.SetSym(i, j, (m[i][j]+m[j][i])/2)
		}
	}
	return s
}

// minEigen returns the smallest eigenvalue of s.
func minEigen(s *mat.SymDense) float64 {
	var es mat.EigenSym
	if !es.Factorize(s, false) {
		return math.NaN()
	}
	return es.Values(nil)[0] // ascending
}

// normalScoresMatrix returns the Pearson correlation of normal scores
// (equivalently, of the Gaussian copula) whose rank correlation is the
// Spearman target rho: 2 sin(π ρ/6), entry by entry (K. Pearson, "On
// further methods of determining correlation", 1907; see Embrechts,
// McNeil & Straumann, "Correlation and dependence in risk management:
// properties and pitfalls", 2002, for ρ_S = (6/π) arcsin(ρ/2) under a
// Gaussian copula).
func normalScoresMatrix(rho [][]float64) [][]float64 {
	out := make([][]float64, len(rho))
	for i, row := range rho {
		out[i] = make([]float64, len(row))
		for j, x := range row {
			out[i][j] = 2 * math.Sin(math.Pi*x/6)
		}
		out[i][i] = 1
	}
	return out
}

// pearsonFactor turns a valid Spearman target into the Pearson matrix the
// samplers induce and its lower Cholesky factor. The entrywise map
// 2 sin(πρ/6) can take a positive semidefinite matrix just outside the
// cone (it happens only for singular or nearly singular targets); the
// nearest correlation matrix to the mapped one is then used instead. A
// singular matrix (as Repair returns) is factored as (P + δI)/(1 + δ) with
// δ = 1e-10, a change of at most 1e-10 to any entry.
func pearsonFactor(c Correlation) (p [][]float64, l *mat.TriDense, err error) {
	p = normalScoresMatrix(c.Matrix)
	if minEigen(symOf(p)) < 0 {
		r, _, err := Correlation{Names: c.Names, Matrix: p}.Repair()
		if err != nil {
			return nil, nil, err
		}
		p = r.Matrix
	}
	k := len(p)
	var ch mat.Cholesky
	if !ch.Factorize(symOf(p)) {
		const delta = 1e-10
		s := symOf(p)
		for i := range k {
			for j := i; j < k; j++ {
				v := s.At(i, j)
				if i == j {
					v += delta
				}
				s.SetSym(i, j, v/(1+delta))
			}
		}
		if !ch.Factorize(s) {
			return nil, nil, fmt.Errorf("correlation: the matrix of %s cannot be factored (smallest eigenvalue %.3g of its normal-scores matrix)",
				quoteList(c.Names), minEigen(symOf(p)))
		}
		for i := range k {
			for j := range k {
				p[i][j] = s.At(i, j)
			}
		}
	}
	l = mat.NewTriDense(k, mat.Lower, nil)
	ch.LTo(l)
	return p, l, nil
}
